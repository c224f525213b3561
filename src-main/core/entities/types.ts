/** FollowTheMoney's spirit: few types, each one an analyst recognizes. */
export const ENTITY_TYPES = ['Person', 'Organization', 'Place', 'Event', 'Other'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface Entity {
  entityId: number;
  type: EntityType;
  name: string;
  aliases: string[];
  description: string;
  /** Events only: a day (YYYY-MM-DD), or the first day of a range. */
  dateStart: string | null;
  /** Events only: the last day of a range; null for a single day. */
  dateEnd: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set while the entity is in the trash. */
  deletedAt: string | null;
}

/** A row of the entity list. */
export interface EntityListItem extends Entity {
  passages: number;
  sources: number;
}

export type EntitySort = 'name' | 'passages' | 'sources' | 'updated';

export interface EntityPageList {
  total: number;
  offset: number;
  items: EntityListItem[];
}

/** What a passage says about an entity, as the entity page shows it. */
export interface EntityTimelineGroup {
  source: { sourceId: number; title: string; publishedAt: string | null };
  passages: Array<{
    passageId: number;
    start: number;
    end: number;
    exact: string;
    page: number | null;
    comment: string | null;
    status: 'anchored' | 'orphan';
  }>;
}

export interface CoOccurrence {
  entity: Pick<Entity, 'entityId' | 'type' | 'name'>;
  sharedPassages: number;
  sharedSources: number;
}

export interface EntityProfile {
  entity: Entity;
  passages: number;
  sources: number;
  /** Sources ordered by their published date (undated last), passages by position. */
  timeline: EntityTimelineGroup[];
  /** Ranked by shared passages, then shared sources. */
  cooccurring: CoOccurrence[];
  /** Notes that mention the entity (filled in by the notes work). */
  notes: Array<{ noteId: number; title: string; updatedAt: string }>;
}

export interface MergeRecord {
  mergeId: number;
  survivorId: number;
  mergedId: number;
  mergedAt: string;
  undoneAt: string | null;
}

/** Two live entities the app thinks may be the same (not marked distinct). */
export interface MergeCandidate {
  a: Pick<Entity, 'entityId' | 'type' | 'name'>;
  b: Pick<Entity, 'entityId' | 'type' | 'name'>;
  reason: string;
}
