import type { EvidenceBlockKind, EvidenceData } from '../../../src-main/core/dossiers/types';
import type { Entity } from '../../../src-main/core/entities/types';
import { api } from '../../api/client';
import { LiveCache } from './liveCache';

/** Entity cards: the whole entity (aliases, description, dates), by id. */
export const entityCards = new LiveCache<Entity>(
  (key) => api['entities.get']({ entityId: Number(key) }),
  ['entities.changed'],
);

export const evidenceKey = (entityId: number, block: EvidenceBlockKind): string => `${entityId}:${block}`;

/** Live evidence blocks: what the notebook says now about an entity. */
export const evidence = new LiveCache<EvidenceData>(
  (key) => {
    const [id, block] = key.split(':') as [string, EvidenceBlockKind];
    return api['dossiers.evidence']({ entityId: Number(id), block });
  },
  ['passages.changed', 'entities.changed', 'sources.changed'],
);
