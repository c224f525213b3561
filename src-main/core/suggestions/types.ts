import type { EntityType } from '../entities/types';
import type { Passage } from '../passages/types';

/** Where a suggestion came from: a known entity's name or alias, or named-entity recognition. */
export type SuggestionOrigin = 'name' | 'ner';
export type SuggestionStatus = 'pending' | 'accepted' | 'rejected';

export interface Suggestion {
  suggestionId: number;
  sourceId: number;
  sourceTitle: string;
  start: number;
  end: number;
  /** The text as it appears in the source. */
  text: string;
  type: EntityType;
  /** Set when the mention matches a known entity. */
  entityId: number | null;
  /** The known entity's name, or the name NER proposes for a new one. */
  name: string;
  origin: SuggestionOrigin;
  status: SuggestionStatus;
}

export interface SuggestionPage {
  total: number;
  offset: number;
  items: Suggestion[];
}

/** What accepting a suggestion made: the passage, linked to the entity (perhaps just created). */
export interface SuggestionAccepted {
  passage: Passage;
  entityId: number;
}
