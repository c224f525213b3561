import type { EntityType } from '../entities/types';

/**
 * A span of one source's canonical text, anchored the W3C Web Annotation way:
 * a TextPositionSelector (`start`/`end`, UTF-16 offsets) plus a
 * TextQuoteSelector (`exact` with 32 characters of `prefix`/`suffix`).
 */
export interface Passage {
  passageId: number;
  sourceId: number;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  /** PDF sources: the page the passage starts on. */
  page: number | null;
  comment: string | null;
  /** `orphan`: could not be re-anchored after the text changed; kept for review. */
  status: 'anchored' | 'orphan';
  entities: PassageEntity[];
  createdAt: string;
  updatedAt: string;
}

export interface PassageEntity {
  entityId: number;
  type: EntityType;
  name: string;
  role: string | null;
}

export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  start: number;
  end: number;
}
