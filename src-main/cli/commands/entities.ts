import type { Session } from '../../api/session';
import { createEntity, findEntityByName, listEntities } from '../../core/entities/repository';
import { ENTITY_TYPES, type EntityType } from '../../core/entities/types';
import { CasebookError } from '../../core/errors';
import { createPassage, findPassageAt, findQuote, linkPassage } from '../../core/passages/repository';
import { requireSource } from '../../core/sources/repository';

/** `--type person` → `Person`; undefined when the word names no type. */
export function entityTypeOf(word: string): EntityType | undefined {
  return ENTITY_TYPES.find((t) => t.toLowerCase() === word.toLowerCase());
}

export interface LinkOptions {
  sourceId: number;
  quote: string;
  entity: string;
  type?: EntityType;
}

/** Thrown for a missing --type: the caller prints usage. */
export class NeedsType extends Error {}

/**
 * `casebook link`: marks the first occurrence of the quote in the source as a
 * passage (reusing one already there) linked to the entity, found by name or
 * alias, or created with the given type.
 */
export function link(session: Session, o: LinkOptions, json: boolean, out: (line: string) => void): number {
  const db = session.notebook().db;
  const source = requireSource(db, o.sourceId);
  const span = findQuote(db, o.sourceId, o.quote);
  if (!span)
    throw new CasebookError('not_found', `The quote "${o.quote}" is not in source ${o.sourceId} (${source.title}).`);
  const { passageId, entityId, start, end, created } = db.transaction(() => {
    let entity = findEntityByName(db, o.entity, o.type);
    let created = false;
    if (!entity) {
      if (!o.type)
        throw new NeedsType(
          `No entity is called "${o.entity}"; add --type ${ENTITY_TYPES.map((t) => t.toLowerCase()).join('|')} to create it.`,
        );
      entity = createEntity(db, { type: o.type, name: o.entity });
      created = true;
    }
    const existing = findPassageAt(db, o.sourceId, span.start, span.end);
    const passage = existing
      ? linkPassage(db, existing.passageId, entity.entityId)
      : createPassage(db, { sourceId: o.sourceId, ...span, entityIds: [entity.entityId] });
    return { passageId: passage.passageId, entityId: entity.entityId, start: passage.start, end: passage.end, created };
  })();
  if (json) out(JSON.stringify({ passageId, entityId, start, end }));
  else
    out(
      `Linked passage #${passageId} (${start}–${end}) of source #${o.sourceId} to ${created ? 'new ' : ''}entity #${entityId} ${o.entity}`,
    );
  return 0;
}

/** `casebook entities`: every live entity, by name, one per line. */
export function entities(
  session: Session,
  type: EntityType | undefined,
  json: boolean,
  out: (line: string) => void,
): number {
  const db = session.notebook().db;
  const PAGE = 1000;
  for (let offset = 0; ; offset += PAGE) {
    const page = listEntities(db, { type, sort: 'name', offset, limit: PAGE });
    for (const e of page.items) {
      const t = e.type.toLowerCase();
      if (json)
        out(JSON.stringify({ entityId: e.entityId, name: e.name, type: t, aliases: e.aliases, passages: e.passages }));
      else {
        const aliases = e.aliases.length > 0 ? `  (${e.aliases.join(', ')})` : '';
        out(`#${e.entityId}  ${t.padEnd(12)} ${e.name}${aliases}  ${e.passages} passage${e.passages === 1 ? '' : 's'}`);
      }
    }
    if (offset + PAGE >= page.total) break;
  }
  return 0;
}
