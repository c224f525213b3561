import type { EntityType } from '../entities/types';

/**
 * The `type` of the Lexical nodes that point into the notebook. The renderer's
 * nodes (src-renderer/editor/nodes) serialize under these names; the core reads
 * them to derive a note's text and reference index.
 */
export type NoteNodeType =
  | 'entity-mention'
  | 'passage-quote'
  | 'source-link'
  | 'note-link'
  /** Dossiers: an entity's type, name, aliases and description, as a block. */
  | 'entity-card'
  /** Dossiers: a live block of evidence about an entity (see core/dossiers/evidence.ts). */
  | 'evidence-block';

/** A note as the editor opens it. */
export interface Note {
  noteId: number;
  /** Derived from the first line of the text; '' for an empty note. */
  title: string;
  /** The Lexical editor state, JSON text, exactly as last saved. */
  content: string;
  /** Bumped by every save; a save must name the revision it was based on. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Set while the note is in the trash. */
  deletedAt: string | null;
}

/** A row of the notes list. */
export interface NoteSummary {
  noteId: number;
  title: string;
  /** The start of the text after the title, for the list. */
  excerpt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface NotePage {
  total: number;
  offset: number;
  items: NoteSummary[];
}

/** What a save answers: enough for the editor to carry on from the new revision. */
export interface NoteSaved {
  noteId: number;
  revision: number;
  title: string;
  updatedAt: string;
}

/**
 * A change to the saved JSON text: replace `remove` characters at `at` with
 * `insert`. Edits between two saves touch a small part of a long note, so this
 * is what the editor sends; it also fits the few kilobytes a page may still send
 * while it is being closed.
 */
export interface NotePatch {
  at: number;
  remove: number;
  insert: string;
}

export interface NoteVersionSummary {
  versionId: number;
  revision: number;
  title: string;
  savedAt: string;
  /** Characters of text, to tell versions apart at a glance. */
  length: number;
}

export interface NoteVersion extends NoteVersionSummary {
  noteId: number;
  content: string;
  text: string;
}

/** A note that cites something: the backlinks lists. */
export interface NoteBacklink {
  noteId: number;
  title: string;
  updatedAt: string;
}

export type BacklinkTarget = 'entity' | 'passage' | 'source' | 'note';

/** An entity as a mention shows it now: merged entities resolve to the survivor. */
export interface EntityRefView {
  /** The id the note holds. */
  entityId: number;
  /** The entity shown: the survivor of any merges, or the same id. */
  resolvedId: number;
  status: 'ok' | 'trashed' | 'missing';
  type: EntityType | null;
  name: string;
}

/** A quoted passage as the quote block shows it now. */
export interface PassageRefView {
  passageId: number;
  /** `deleted`: in the trash (its text is still shown, marked); `missing`: gone with its source. */
  status: 'ok' | 'deleted' | 'missing';
  sourceId: number | null;
  exact: string;
  page: number | null;
  /** The passage could not be re-anchored after the source text changed. */
  orphan: boolean;
  sourceTitle: string;
  sourcePublishedAt: string | null;
}

export interface SourceRefView {
  sourceId: number;
  status: 'ok' | 'missing';
  title: string;
  publishedAt: string | null;
}

export interface NoteRefView {
  noteId: number;
  status: 'ok' | 'trashed' | 'missing';
  title: string;
}

/** Everything a note points at, resolved in one call (a long note holds a thousand mentions). */
export interface RefsResolution {
  entities: EntityRefView[];
  passages: PassageRefView[];
  sources: SourceRefView[];
  notes: NoteRefView[];
}

/** Sources and notes to link to, for the `[[` typeahead. */
export interface LinkTargets {
  sources: Array<{ sourceId: number; title: string; publishedAt: string | null }>;
  notes: Array<{ noteId: number; title: string; updatedAt: string }>;
}
