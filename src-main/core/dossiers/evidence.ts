import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import { entityProfile, getEntity } from '../entities/repository';
import type { EntityProfile } from '../entities/types';
import { resolveRefs } from '../notes/repository';
import type { SourceKind } from '../sources/types';
import type { EvidenceBlockKind, EvidenceData, EvidenceEvent, EvidencePassage, EvidenceSource } from './types';

/**
 * Live evidence blocks: what a dossier shows about an entity, computed from the
 * notebook each time the block renders or the dossier is exported, so a new
 * passage shows up in every dossier that cites its entity. Built on the entity
 * page's queries (entityProfile): one definition of "the entity's passages".
 */

/** The entity a block names, after merges: a block on a merged entity shows the survivor's evidence. */
export function resolveEntityId(db: Database, entityId: number): number {
  const [view] = resolveRefs(db, { entityIds: [entityId], passageIds: [], sourceIds: [], noteIds: [] }).entities;
  return view && view.status !== 'missing' ? view.resolvedId : entityId;
}

function passagesOf(profile: EntityProfile): EvidencePassage[] {
  return profile.timeline.flatMap((group) =>
    group.passages.map((p) => ({
      passageId: p.passageId,
      sourceId: group.source.sourceId,
      sourceTitle: group.source.title,
      sourceDate: group.source.publishedAt,
      page: p.page,
      exact: p.exact,
      comment: p.comment,
    })),
  );
}

/** The entity itself when it is a dated event, and the dated events it shares evidence with. */
function eventsAround(db: Database, profile: EntityProfile): EvidenceEvent[] {
  const candidates = [
    profile.entity,
    ...profile.cooccurring.filter((c) => c.entity.type === 'Event').map((c) => getEntity(db, c.entity.entityId)),
  ];
  const events: EvidenceEvent[] = [];
  for (const e of candidates) {
    if (e.type !== 'Event' || e.dateStart === null) continue;
    events.push({ entityId: e.entityId, name: e.name, dateStart: e.dateStart, dateEnd: e.dateEnd });
  }
  return events.sort((a, b) => a.dateStart.localeCompare(b.dateStart) || a.entityId - b.entityId);
}

/** Citation details of sources by id, in the order asked; ids of sources no longer there are skipped. */
export function sourcesByIds(db: Database, ids: readonly number[]): EvidenceSource[] {
  if (ids.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT id, title, byline, published_at, url, file_name, kind FROM sources
     WHERE id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as Array<{
    id: number;
    title: string;
    byline: string | null;
    published_at: string | null;
    url: string | null;
    file_name: string | null;
    kind: SourceKind;
  }>;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        sourceId: r.id,
        title: r.title,
        byline: r.byline,
        date: r.published_at,
        url: r.url,
        fileName: r.file_name,
        kind: r.kind,
      },
    ];
  });
}

export function evidence<K extends EvidenceBlockKind>(
  db: Database,
  entityId: number,
  block: K,
): Extract<EvidenceData, { block: K }> {
  return evidenceData(db, entityId, block) as Extract<EvidenceData, { block: K }>;
}

function evidenceData(db: Database, entityId: number, block: EvidenceBlockKind): EvidenceData {
  const profile = entityProfile(db, resolveEntityId(db, entityId));
  switch (block) {
    case 'passages':
      return { block, items: passagesOf(profile) };
    case 'timeline':
      // The profile orders sources by date with undated ones last: a timeline keeps the dated ones.
      return {
        block,
        items: passagesOf(profile).filter((p) => p.sourceDate !== null),
        events: eventsAround(db, profile),
      };
    case 'cooccurring':
      return {
        block,
        items: profile.cooccurring.map((c) => ({
          entityId: c.entity.entityId,
          name: c.entity.name,
          type: c.entity.type,
          count: c.sharedPassages,
          sources: c.sharedSources,
        })),
      };
    case 'sources':
      // The profile's order: by published date, undated last.
      return {
        block,
        items: sourcesByIds(
          db,
          profile.timeline.map((g) => g.source.sourceId),
        ),
      };
  }
}
