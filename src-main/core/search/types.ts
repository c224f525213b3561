import type { EntityType } from '../entities/types';
import type { SourceKind } from '../sources/types';

export const SEARCH_KINDS = ['source', 'passage', 'note', 'entity'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** A highlighted range: UTF-16 offsets into the string it belongs to. */
export interface Mark {
  start: number;
  end: number;
}

/** A stretch of text around the best match, with the matches marked. */
export interface Snippet {
  text: string;
  marks: Mark[];
  /** Text was cut before / after the snippet. */
  clippedStart: boolean;
  clippedEnd: boolean;
}

interface HitBase {
  title: string;
  titleMarks: Mark[];
  snippet: Snippet;
}

export interface SourceHit extends HitBase {
  kind: 'source';
  sourceId: number;
  sourceKind: SourceKind;
  publishedAt: string | null;
  /** The match the snippet shows, in the source's text: where the reader scrolls to. Null for a title-only match. */
  at: Mark | null;
}

export interface PassageHit extends HitBase {
  kind: 'passage';
  passageId: number;
  sourceId: number;
  /** The passage's span of the source's text. */
  start: number;
  end: number;
  sourceKind: SourceKind;
  publishedAt: string | null;
  /** Whether the snippet is the passage's quote or the analyst's comment on it. */
  snippetFrom: 'exact' | 'comment';
}

export interface NoteHit extends HitBase {
  kind: 'note';
  noteId: number;
  updatedAt: string;
  /** The match the snippet shows, in the note's plain text. */
  at: Mark | null;
}

export interface EntityHit extends HitBase {
  kind: 'entity';
  entityId: number;
  entityType: EntityType;
  snippetFrom: 'aliases' | 'description' | 'name';
}

export type SearchHit = SourceHit | PassageHit | NoteHit | EntityHit;

export interface SearchFilters {
  /** Only these kinds of result (all when absent). */
  kinds?: SearchKind[];
  /** Passages linked to this entity, the sources they quote and the notes that mention it. */
  entityId?: number;
  /** Sources of these types, and passages quoting them. */
  sourceKinds?: SourceKind[];
  /** Published (sources, passages), edited (notes) or dated (entities) on or after this day, YYYY-MM-DD. */
  from?: string;
  /** ...on or before this day. */
  to?: string;
}

export interface SearchRequest extends SearchFilters {
  q: string;
  offset?: number;
  limit?: number;
  /** Typed live: the last word, unfinished, also matches as a prefix. */
  asYouType?: boolean;
}

export interface KindCount {
  count: number;
  /** More match than were counted: `count` is a lower bound. */
  more: boolean;
}

export interface SearchResults {
  hits: SearchHit[];
  offset: number;
  /** Per kind, whatever the `kinds` filter, so a view can offer each. */
  counts: Record<SearchKind, KindCount>;
  /** Results across the kinds asked for (a lower bound when `more`). */
  total: number;
  more: boolean;
  /**
   * Set when more sources matched than are ranked: the best of this many
   * newest matches come first. Adding a word narrows the search.
   */
  rankedWindow: number | null;
  /** Sentences about how the query was read: an unclosed quote, an ignored operator. */
  hints: string[];
}
