import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import { CasebookError } from '../errors';
import { foldKey } from '../suggestions/fold';
import {
  ENTITY_TYPES,
  type CoOccurrence,
  type Entity,
  type EntityListItem,
  type EntityPageList,
  type EntityProfile,
  type EntitySort,
  type EntityTimelineGroup,
  type EntityType,
  type MergeCandidate,
  type MergeRecord,
} from './types';

/** A row of `entities` as stored. */
export interface DbEntity {
  id: number;
  type: EntityType;
  name: string;
  description: string;
  date_start: string | null;
  date_end: string | null;
  aliases_text: string;
  merged_into: number | null;
  passage_count: number;
  source_count: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

interface DbMerge {
  id: number;
  survivor_id: number;
  merged_id: number;
  undo: string;
  merged_at: string;
  undone_at: string | null;
}

/** Live: neither in the trash nor merged into another entity. */
const LIVE = 'e.deleted_at IS NULL AND e.merged_into IS NULL';

const now = (): string => new Date().toISOString();

/** Aliases of many entities in one query, in the order they were added. */
function aliasesOf(db: Database, ids: readonly number[]): Map<number, string[]> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = stmt(
    db,
    'SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY id',
  ).all(JSON.stringify(ids)) as Array<{ entity_id: number; alias: string }>;
  for (const r of rows) out.get(r.entity_id)!.push(r.alias);
  return out;
}

function toEntity(row: DbEntity, aliases: string[]): Entity {
  return {
    entityId: row.id,
    type: row.type,
    name: row.name,
    aliases,
    description: row.description,
    dateStart: row.date_start,
    dateEnd: row.date_end,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function toEntities(db: Database, rows: DbEntity[]): Entity[] {
  const aliases = aliasesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toEntity(r, aliases.get(r.id)!));
}

function toListItems(db: Database, rows: DbEntity[]): EntityListItem[] {
  const entities = toEntities(db, rows);
  return entities.map((e, i) => ({ ...e, passages: rows[i]!.passage_count, sources: rows[i]!.source_count }));
}

function entityRow(db: Database, entityId: number): DbEntity {
  const row = stmt(db, 'SELECT * FROM entities WHERE id = ?').get(entityId) as DbEntity | undefined;
  if (!row) throw new CasebookError('not_found', `There is no entity ${entityId} in this notebook.`);
  return row;
}

/** Any entity, live, trashed or merged away. */
export function getEntity(db: Database, entityId: number): Entity {
  const row = entityRow(db, entityId);
  return toEntity(row, aliasesOf(db, [row.id]).get(row.id)!);
}

/** An entity links and edits may touch: not merged away (and, unless allowed, not in the trash). */
function requireLive(db: Database, entityId: number, { allowTrashed = false } = {}): DbEntity {
  const row = entityRow(db, entityId);
  if (row.merged_into !== null) {
    const survivor = entityRow(db, row.merged_into);
    throw new CasebookError('invalid_input', `${row.name} was merged into ${survivor.name}; use that entity instead.`);
  }
  if (!allowTrashed && row.deleted_at !== null)
    throw new CasebookError('invalid_input', `${row.name} is in the trash; restore it first.`);
  return row;
}

/** A live entity's row, for linking passages to it. */
export function requireLinkable(db: Database, entityId: number): DbEntity {
  return requireLive(db, entityId);
}

const cleanName = (s: string): string => s.replace(/\s+/g, ' ').trim();
const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function checkName(name: string): string {
  const clean = cleanName(name);
  if (!clean) throw new CasebookError('invalid_input', 'An entity needs a name.');
  if (clean.length > 1000) throw new CasebookError('invalid_input', 'An entity name is at most 1,000 characters.');
  return clean;
}

function checkType(type: string): EntityType {
  if (!(ENTITY_TYPES as readonly string[]).includes(type))
    throw new CasebookError('invalid_input', `${type} is not an entity type (${ENTITY_TYPES.join(', ')}).`);
  return type as EntityType;
}

/** Trimmed, without repeats or the name itself (compared case-insensitively), first spelling kept. */
export function cleanAliases(name: string, aliases: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of aliases) {
    const clean = cleanName(a);
    if (!clean || sameName(clean, name) || out.some((o) => sameName(o, clean))) continue;
    if (clean.length > 1000) throw new CasebookError('invalid_input', 'An alias is at most 1,000 characters.');
    out.push(clean);
  }
  return out;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string): boolean =>
  DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** An event's day or range; other types have none. A one-day range is a day. */
function checkDates(
  type: EntityType,
  dateStart: string | null,
  dateEnd: string | null,
): { dateStart: string | null; dateEnd: string | null } {
  if (type !== 'Event') {
    if (dateStart !== null || dateEnd !== null)
      throw new CasebookError('invalid_input', `Only events have dates; a ${type.toLowerCase()} does not.`);
    return { dateStart: null, dateEnd: null };
  }
  for (const d of [dateStart, dateEnd])
    if (d !== null && !isDay(d)) throw new CasebookError('invalid_input', `${d} is not a date as YYYY-MM-DD.`);
  if (dateEnd !== null && dateStart === null)
    throw new CasebookError('invalid_input', 'A date range needs its first day.');
  if (dateStart !== null && dateEnd !== null && dateEnd < dateStart)
    throw new CasebookError('invalid_input', `The range cannot end (${dateEnd}) before it starts (${dateStart}).`);
  return { dateStart, dateEnd: dateEnd === dateStart ? null : dateEnd };
}

export interface EntityInput {
  type: EntityType;
  name: string;
  aliases?: string[];
  description?: string;
  dateStart?: string | null;
  dateEnd?: string | null;
}

function insertAliases(db: Database, entityId: number, aliases: readonly string[]): void {
  const insert = stmt(db, 'INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)');
  for (const a of aliases) insert.run(entityId, a);
}

export function createEntity(db: Database, input: EntityInput): Entity {
  const type = checkType(input.type);
  const name = checkName(input.name);
  const aliases = cleanAliases(name, input.aliases ?? []);
  const dates = checkDates(type, input.dateStart ?? null, input.dateEnd ?? null);
  const id = db.transaction(() => {
    const at = now();
    const { lastInsertRowid } = stmt(
      db,
      `INSERT INTO entities (type, name, description, date_start, date_end, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(type, name, (input.description ?? '').trim(), dates.dateStart, dates.dateEnd, at, at);
    insertAliases(db, Number(lastInsertRowid), aliases);
    return Number(lastInsertRowid);
  })();
  return getEntity(db, id);
}

export interface EntityEdit {
  type?: EntityType;
  name?: string;
  aliases?: string[];
  description?: string;
  dateStart?: string | null;
  dateEnd?: string | null;
}

/** Links hold ids, so a rename shows wherever the entity does. */
export function updateEntity(db: Database, entityId: number, edit: EntityEdit): Entity {
  db.transaction(() => {
    const row = requireLive(db, entityId, { allowTrashed: true });
    const current = aliasesOf(db, [entityId]).get(entityId)!;
    const type = edit.type !== undefined ? checkType(edit.type) : row.type;
    const name = edit.name !== undefined ? checkName(edit.name) : row.name;
    // Turning an event into something else drops its dates unless the edit sets them (which is refused).
    const keepDates = type === 'Event';
    const dates = checkDates(
      type,
      edit.dateStart !== undefined ? edit.dateStart : keepDates ? row.date_start : null,
      edit.dateEnd !== undefined ? edit.dateEnd : keepDates ? row.date_end : null,
    );
    const aliases = cleanAliases(name, edit.aliases ?? current);
    const description = edit.description !== undefined ? edit.description.trim() : row.description;

    const removed = current.filter((a) => !aliases.includes(a));
    const added = aliases.filter((a) => !current.includes(a));
    const changed =
      type !== row.type ||
      name !== row.name ||
      description !== row.description ||
      dates.dateStart !== row.date_start ||
      dates.dateEnd !== row.date_end ||
      removed.length > 0 ||
      added.length > 0;
    if (!changed) return;
    const del = stmt(db, 'DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?');
    for (const a of removed) del.run(entityId, a);
    insertAliases(db, entityId, added);
    stmt(
      db,
      `UPDATE entities SET type = ?, name = ?, description = ?, date_start = ?, date_end = ?, updated_at = ?
       WHERE id = ?`,
    ).run(type, name, description, dates.dateStart, dates.dateEnd, now(), entityId);
  })();
  return getEntity(db, entityId);
}

/** To the trash: its links stay, hidden until it is restored. */
export function deleteEntity(db: Database, entityId: number): Entity {
  db.transaction(() => {
    const row = requireLive(db, entityId, { allowTrashed: true });
    if (row.deleted_at === null) stmt(db, 'UPDATE entities SET deleted_at = ? WHERE id = ?').run(now(), entityId);
  })();
  return getEntity(db, entityId);
}

export function restoreEntity(db: Database, entityId: number): Entity {
  db.transaction(() => {
    requireLive(db, entityId, { allowTrashed: true });
    stmt(db, 'UPDATE entities SET deleted_at = NULL WHERE id = ?').run(entityId);
  })();
  return getEntity(db, entityId);
}

/** Every live entity's names (name first, then aliases), for the mention matcher. */
export function liveEntityNames(db: Database): Array<{ entityId: number; type: EntityType; names: string[] }> {
  const rows = stmt(db, `SELECT e.id, e.type, e.name FROM entities e WHERE ${LIVE} ORDER BY e.id`).all() as Array<
    Pick<DbEntity, 'id' | 'type' | 'name'>
  >;
  const byId = new Map(rows.map((r) => [r.id, { entityId: r.id, type: r.type, names: [r.name] }]));
  const aliases = stmt(
    db,
    `SELECT a.entity_id, a.alias FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
     WHERE ${LIVE} ORDER BY a.id`,
  ).all() as Array<{ entity_id: number; alias: string }>;
  for (const a of aliases) byId.get(a.entity_id)?.names.push(a.alias);
  return [...byId.values()];
}

/**
 * An FTS5 query matching entries where every word of `query` begins a word
 * (the table's tokenizer folds case and diacritics on both sides), or null
 * when the query holds no word.
 */
function prefixQuery(query: string, columns: string): string | null {
  const words = query.match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words) return null;
  // Parenthesized, or the column filter would apply to the first word only.
  return `{${columns}} : (${words.map((w) => `"${w}"*`).join(' ')})`;
}

export interface EntityListQuery {
  query?: string;
  type?: EntityType;
  sort?: EntitySort;
  trash?: boolean;
  offset: number;
  limit: number;
}

const ORDER: Record<EntitySort, string> = {
  name: 'e.name COLLATE NOCASE, e.id',
  passages: 'e.passage_count DESC, e.name COLLATE NOCASE, e.id',
  sources: 'e.source_count DESC, e.passage_count DESC, e.name COLLATE NOCASE, e.id',
  updated: 'e.updated_at DESC, e.id DESC',
};

/** Live entities (or the trash), with their counts; a query matches words of the name, aliases or description. */
export function listEntities(db: Database, q: EntityListQuery): EntityPageList {
  const where = [q.trash ? 'e.deleted_at IS NOT NULL AND e.merged_into IS NULL' : LIVE];
  const params: unknown[] = [];
  if (q.type) {
    where.push('e.type = ?');
    params.push(q.type);
  }
  if (q.query !== undefined && q.query.trim()) {
    const match = prefixQuery(q.query, 'name aliases_text description');
    if (!match) return { total: 0, offset: q.offset, items: [] };
    where.push('e.id IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?)');
    params.push(match);
  }
  const cond = where.join(' AND ');
  const total = (stmt(db, `SELECT count(*) AS n FROM entities e WHERE ${cond}`).get(...params) as { n: number }).n;
  const rows = stmt(
    db,
    `SELECT e.* FROM entities e WHERE ${cond} ORDER BY ${ORDER[q.sort ?? 'name']} LIMIT ? OFFSET ?`,
  ).all(...params, q.limit, q.offset) as DbEntity[];
  return { total, offset: q.offset, items: toListItems(db, rows) };
}

/**
 * Typeahead over names and aliases: each word typed begins a word of the
 * name or an alias, whatever the case and accents. Best first: the name
 * itself starting with what was typed, then a word of it, then an alias;
 * then the entity with more passages.
 */
export function lookupEntities(db: Database, query: string, limit = 10): Entity[] {
  const match = prefixQuery(query, 'name aliases_text');
  if (!match) return [];
  const rows = stmt(
    db,
    `SELECT e.* FROM entities e WHERE ${LIVE}
       AND e.id IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?)
     ORDER BY e.passage_count DESC, e.id LIMIT 500`,
  ).all(match) as DbEntity[];
  const q = foldKey(query);
  const entities = toEntities(db, rows);
  const rank = (e: Entity): number => {
    const name = foldKey(e.name);
    if (name === q) return 0;
    if (name.startsWith(q)) return 1;
    if (name.includes(` ${q}`)) return 2;
    const aliases = e.aliases.map(foldKey);
    if (aliases.some((a) => a === q)) return 3;
    if (aliases.some((a) => a.startsWith(q))) return 4;
    return name.includes(q) || aliases.some((a) => a.includes(q)) ? 5 : 6;
  };
  const ranked = entities.map((e, i) => ({ e, rank: rank(e), i }));
  // The query gives passages-first order; sorting by rank keeps it within a rank.
  ranked.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return ranked.slice(0, limit).map((r) => r.e);
}

/** A live entity found by its name or an alias, case-insensitively; names before aliases. */
export function findEntityByName(db: Database, name: string, type?: EntityType): Entity | null {
  const clean = cleanName(name);
  if (!clean) return null;
  const typeCond = type ? 'AND e.type = @type' : '';
  const row = stmt(
    db,
    `SELECT e.* FROM entities e WHERE ${LIVE} ${typeCond} AND e.name = @name COLLATE NOCASE
     UNION ALL
     SELECT e.* FROM entities e JOIN entity_aliases a ON a.entity_id = e.id
     WHERE ${LIVE} ${typeCond} AND a.alias = @name COLLATE NOCASE
     LIMIT 1`,
  ).get(type ? { name: clean, type } : { name: clean }) as DbEntity | undefined;
  if (row) return toEntities(db, [row])[0]!;
  // NOCASE folds ASCII only: other scripts are compared here.
  const lower = clean.toLowerCase();
  for (const e of liveEntityNames(db)) {
    if (type && e.type !== type) continue;
    if (e.names.some((n) => n.toLowerCase() === lower)) return getEntity(db, e.entityId);
  }
  return null;
}

// ── merges ──

interface MergeUndo {
  /** Aliases the survivor gained (the merged name among them). */
  aliasesAdded: string[];
  /** Links of the merged entity moved to the survivor. */
  linksMoved: Array<{ passageId: number; role: string | null }>;
  /** Links of the merged entity to passages the survivor was linked to already: removed. */
  linksDropped: Array<{ passageId: number; role: string | null }>;
  /** Suggestions of the merged entity now the survivor's. */
  suggestionsMoved: number[];
  /** Pending suggestions the survivor had the same of: removed, whole rows. */
  suggestionsDropped: Array<Record<string, unknown>>;
  /** Rejections of the merged entity's mentions, now the survivor's. */
  rejectionsMoved: number[];
  rejectionsDropped: Array<Record<string, unknown>>;
  /** Notes citing the merged entity, now citing the survivor. */
  refsMoved: Array<{ ownerKind: string; ownerId: number }>;
  /** Notes citing both: their reference to the merged entity, removed. */
  refsDropped: Array<{ ownerKind: string; ownerId: number }>;
  merged: { updatedAt: string; deletedAt: string | null };
  survivor: { updatedAt: string };
}

function toMergeRecord(row: DbMerge): MergeRecord {
  return {
    mergeId: row.id,
    survivorId: row.survivor_id,
    mergedId: row.merged_id,
    mergedAt: row.merged_at,
    undoneAt: row.undone_at,
  };
}

function hasTable(db: Database, name: string): boolean {
  return stmt(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/**
 * Folds `mergedId` into `survivorId`: the merged name and aliases become the
 * survivor's aliases, and its passage links, suggestions and note references
 * move over. What moved is recorded so `unmergeEntities` puts it all back.
 */
export function mergeEntities(db: Database, survivorId: number, mergedId: number): MergeRecord {
  if (survivorId === mergedId) throw new CasebookError('invalid_input', 'An entity cannot be merged into itself.');
  const id = db.transaction(() => {
    const survivor = requireLive(db, survivorId);
    const merged = requireLive(db, mergedId);
    const at = now();

    const survivorAliases = aliasesOf(db, [survivorId]).get(survivorId)!;
    const mergedNames = [merged.name, ...aliasesOf(db, [mergedId]).get(mergedId)!];
    const aliasesAdded = cleanAliases(survivor.name, [...survivorAliases, ...mergedNames]).slice(
      cleanAliases(survivor.name, survivorAliases).length,
    );
    insertAliases(db, survivorId, aliasesAdded);

    const links = stmt(
      db,
      `SELECT pe.passage_id, pe.role, EXISTS (
         SELECT 1 FROM passage_entities s WHERE s.passage_id = pe.passage_id AND s.entity_id = @survivor
       ) AS both FROM passage_entities pe WHERE pe.entity_id = @merged ORDER BY pe.passage_id`,
    ).all({ survivor: survivorId, merged: mergedId }) as Array<{
      passage_id: number;
      role: string | null;
      both: number;
    }>;
    const linksMoved = links.filter((l) => !l.both).map((l) => ({ passageId: l.passage_id, role: l.role }));
    const linksDropped = links.filter((l) => l.both).map((l) => ({ passageId: l.passage_id, role: l.role }));
    const dropLink = stmt(db, 'DELETE FROM passage_entities WHERE passage_id = ? AND entity_id = ?');
    for (const l of linksDropped) dropLink.run(l.passageId, mergedId);
    stmt(db, 'UPDATE passage_entities SET entity_id = ? WHERE entity_id = ?').run(survivorId, mergedId);

    // A pending suggestion the survivor already has the same of would break the inbox's uniqueness.
    const suggestionsDropped = stmt(
      db,
      `SELECT * FROM suggestions m WHERE m.entity_id = @merged AND m.status = 'pending' AND EXISTS (
         SELECT 1 FROM suggestions s WHERE s.entity_id = @survivor AND s.status = 'pending'
           AND s.source_id = m.source_id AND s.start = m.start AND s."end" = m."end"
           AND ifnull(s.proposed_type, '') = ifnull(m.proposed_type, ''))`,
    ).all({ survivor: survivorId, merged: mergedId }) as Array<Record<string, unknown>>;
    const dropSuggestion = stmt(db, 'DELETE FROM suggestions WHERE id = ?');
    for (const s of suggestionsDropped) dropSuggestion.run(s.id);
    const suggestionsMoved = (
      stmt(db, 'SELECT id FROM suggestions WHERE entity_id = ? ORDER BY id').all(mergedId) as Array<{ id: number }>
    ).map((r) => r.id);
    stmt(db, 'UPDATE suggestions SET entity_id = ? WHERE entity_id = ?').run(survivorId, mergedId);

    let rejectionsMoved: number[] = [];
    let rejectionsDropped: Array<Record<string, unknown>> = [];
    if (hasTable(db, 'suggestion_rejections')) {
      rejectionsDropped = stmt(
        db,
        `SELECT * FROM suggestion_rejections m WHERE m.entity_id = @merged AND EXISTS (
           SELECT 1 FROM suggestion_rejections s WHERE s.entity_id = @survivor AND s.text_key = m.text_key)`,
      ).all({ survivor: survivorId, merged: mergedId }) as Array<Record<string, unknown>>;
      const dropRejection = stmt(db, 'DELETE FROM suggestion_rejections WHERE id = ?');
      for (const r of rejectionsDropped) dropRejection.run(r.id);
      rejectionsMoved = (
        stmt(db, 'SELECT id FROM suggestion_rejections WHERE entity_id = ? ORDER BY id').all(mergedId) as Array<{
          id: number;
        }>
      ).map((r) => r.id);
      stmt(db, 'UPDATE suggestion_rejections SET entity_id = ? WHERE entity_id = ?').run(survivorId, mergedId);
    }

    const refs = stmt(
      db,
      `SELECT r.owner_kind, r.owner_id, EXISTS (
         SELECT 1 FROM refs s WHERE s.owner_kind = r.owner_kind AND s.owner_id = r.owner_id
           AND s.target_kind = 'entity' AND s.target_id = @survivor
       ) AS both FROM refs r WHERE r.target_kind = 'entity' AND r.target_id = @merged`,
    ).all({ survivor: survivorId, merged: mergedId }) as Array<{ owner_kind: string; owner_id: number; both: number }>;
    const refsMoved = refs.filter((r) => !r.both).map((r) => ({ ownerKind: r.owner_kind, ownerId: r.owner_id }));
    const refsDropped = refs.filter((r) => r.both).map((r) => ({ ownerKind: r.owner_kind, ownerId: r.owner_id }));
    const dropRef = stmt(
      db,
      `DELETE FROM refs WHERE owner_kind = ? AND owner_id = ? AND target_kind = 'entity' AND target_id = ?`,
    );
    for (const r of refsDropped) dropRef.run(r.ownerKind, r.ownerId, mergedId);
    stmt(db, `UPDATE refs SET target_id = ? WHERE target_kind = 'entity' AND target_id = ?`).run(survivorId, mergedId);

    const undo: MergeUndo = {
      aliasesAdded,
      linksMoved,
      linksDropped,
      suggestionsMoved,
      suggestionsDropped,
      rejectionsMoved,
      rejectionsDropped,
      refsMoved,
      refsDropped,
      merged: { updatedAt: merged.updated_at, deletedAt: merged.deleted_at },
      survivor: { updatedAt: survivor.updated_at },
    };
    stmt(db, 'UPDATE entities SET merged_into = ?, updated_at = ? WHERE id = ?').run(survivorId, at, mergedId);
    stmt(db, 'UPDATE entities SET updated_at = ? WHERE id = ?').run(at, survivorId);
    const { lastInsertRowid } = stmt(
      db,
      'INSERT INTO entity_merges (survivor_id, merged_id, undo, merged_at) VALUES (?, ?, ?, ?)',
    ).run(survivorId, mergedId, JSON.stringify(undo), at);
    return Number(lastInsertRowid);
  })();
  return getMerge(db, id);
}

function getMerge(db: Database, mergeId: number): MergeRecord {
  const row = stmt(db, 'SELECT * FROM entity_merges WHERE id = ?').get(mergeId) as DbMerge | undefined;
  if (!row) throw new CasebookError('not_found', `There is no merge ${mergeId} in this notebook.`);
  return toMergeRecord(row);
}

function reinsert(db: Database, table: string, row: Record<string, unknown>): void {
  const cols = Object.keys(row);
  db.prepare(
    `INSERT OR IGNORE INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
  ).run(...cols.map((c) => row[c]));
}

/**
 * Undoes a merge: the merged entity comes back with its links, suggestions
 * and note references, and the survivor loses the aliases it gained. What the
 * analyst did to the survivor since (new links, other merges) stays.
 */
export function unmergeEntities(db: Database, mergeId: number): MergeRecord {
  db.transaction(() => {
    const row = stmt(db, 'SELECT * FROM entity_merges WHERE id = ?').get(mergeId) as DbMerge | undefined;
    if (!row) throw new CasebookError('not_found', `There is no merge ${mergeId} in this notebook.`);
    if (row.undone_at !== null) throw new CasebookError('invalid_input', 'This merge was undone already.');
    const survivor = entityRow(db, row.survivor_id);
    const merged = entityRow(db, row.merged_id);
    if (survivor.merged_into !== null)
      throw new CasebookError(
        'invalid_input',
        `${survivor.name} was itself merged into another entity since; undo that merge first.`,
      );
    const undo = JSON.parse(row.undo) as MergeUndo;
    const sId = row.survivor_id;
    const mId = row.merged_id;

    const delAlias = stmt(db, 'DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?');
    for (const a of undo.aliasesAdded) delAlias.run(sId, a);

    const moveBack = stmt(db, 'UPDATE passage_entities SET entity_id = ? WHERE passage_id = ? AND entity_id = ?');
    for (const l of undo.linksMoved) moveBack.run(mId, l.passageId, sId);
    const relink = stmt(db, 'INSERT OR IGNORE INTO passage_entities (passage_id, entity_id, role) VALUES (?, ?, ?)');
    for (const l of undo.linksDropped)
      if (stmt(db, 'SELECT 1 FROM passages WHERE id = ?').get(l.passageId)) relink.run(l.passageId, mId, l.role);

    const suggestionBack = stmt(db, 'UPDATE OR IGNORE suggestions SET entity_id = ? WHERE id = ? AND entity_id = ?');
    for (const id of undo.suggestionsMoved) suggestionBack.run(mId, id, sId);
    for (const s of undo.suggestionsDropped) reinsert(db, 'suggestions', s);
    if (hasTable(db, 'suggestion_rejections')) {
      const rejectionBack = stmt(
        db,
        'UPDATE OR IGNORE suggestion_rejections SET entity_id = ? WHERE id = ? AND entity_id = ?',
      );
      for (const id of undo.rejectionsMoved) rejectionBack.run(mId, id, sId);
      for (const r of undo.rejectionsDropped) reinsert(db, 'suggestion_rejections', r);
    }

    const refBack = stmt(
      db,
      `UPDATE OR IGNORE refs SET target_id = ? WHERE owner_kind = ? AND owner_id = ? AND target_kind = 'entity' AND target_id = ?`,
    );
    for (const r of undo.refsMoved) refBack.run(mId, r.ownerKind, r.ownerId, sId);
    const refAgain = stmt(
      db,
      `INSERT OR IGNORE INTO refs (owner_kind, owner_id, target_kind, target_id) VALUES (?, ?, 'entity', ?)`,
    );
    for (const r of undo.refsDropped) refAgain.run(r.ownerKind, r.ownerId, mId);

    stmt(db, 'UPDATE entities SET merged_into = NULL, deleted_at = ?, updated_at = ? WHERE id = ?').run(
      undo.merged.deletedAt,
      undo.merged.updatedAt,
      merged.id,
    );
    // The survivor's last change goes back too, unless the analyst edited it since the merge.
    stmt(db, 'UPDATE entities SET updated_at = ? WHERE id = ? AND updated_at = ?').run(
      undo.survivor.updatedAt,
      sId,
      row.merged_at,
    );
    stmt(db, 'UPDATE entity_merges SET undone_at = ? WHERE id = ?').run(now(), mergeId);
  })();
  return getMerge(db, mergeId);
}

/** Merges into this entity, newest first (undone ones too, marked). */
export function listMerges(db: Database, entityId: number): MergeRecord[] {
  entityRow(db, entityId);
  const rows = stmt(db, 'SELECT * FROM entity_merges WHERE survivor_id = ? ORDER BY merged_at DESC, id DESC').all(
    entityId,
  ) as DbMerge[];
  return rows.map(toMergeRecord);
}

/** The analyst says these two are different: never propose merging them again. */
export function markDistinct(db: Database, aId: number, bId: number): { aId: number; bId: number } {
  if (aId === bId) throw new CasebookError('invalid_input', 'An entity is always the same as itself.');
  db.transaction(() => {
    entityRow(db, aId);
    entityRow(db, bId);
    stmt(db, 'INSERT OR IGNORE INTO entity_distinct (a_id, b_id) VALUES (?, ?)').run(
      Math.min(aId, bId),
      Math.max(aId, bId),
    );
  })();
  return { aId, bId };
}

/** Words that initials usually skip: "Organisation of the Petroleum Exporting Countries" is OPEC. */
const FUNCTION_WORDS = new Set([
  'of',
  'the',
  'and',
  'for',
  'in',
  'on',
  'at',
  'to',
  'a',
  'an',
  'de',
  'del',
  'des',
  'du',
  'la',
  'le',
  'les',
  'et',
  'y',
  'und',
  'der',
  'die',
  'das',
  'für',
]);

/**
 * Case and accents folded, for comparing names with names. Lighter than the
 * mention matcher's folding, which also maps every character back to the text.
 */
const foldName = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/\s+/g, ' ')
    .trim();

const wordsOf = (folded: string): string[] => folded.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];

/** The acronym a name may be written as: all its words' initials, and those of its content words. */
function initialsOf(words: string[]): string[] {
  if (words.length < 2) return [];
  const all = words.map((w) => w[0]).join('');
  const content = words
    .filter((w) => !FUNCTION_WORDS.has(w))
    .map((w) => w[0])
    .join('');
  return content.length >= 2 && content !== all ? [all, content] : [all];
}

/** "SCO", "U.S.", "NATO": a single word of capitals (dots allowed), folded. */
function asAcronym(name: string): string | null {
  const stripped = name.replace(/\./g, '');
  if (!/^[\p{Lu}\p{N}&]{2,10}$/u.test(stripped) || !/\p{Lu}/u.test(stripped)) return null;
  return foldName(stripped);
}

/**
 * Pairs of live entities of one type that may be the same: the same name or
 * alias once case and accents are folded; one an acronym of the other (SCO,
 * Shanghai Cooperation Organization); or one's name found whole-word in the
 * other's (Putin, Vladimir Putin). Pairs marked distinct never come back.
 */
export function mergeCandidates(db: Database, limit = 50): MergeCandidate[] {
  const entities = liveEntityNames(db);
  const byId = new Map(entities.map((e) => [e.entityId, e]));
  const distinct = new Set(
    (stmt(db, 'SELECT a_id, b_id FROM entity_distinct').all() as Array<{ a_id: number; b_id: number }>).map(
      (r) => `${r.a_id}:${r.b_id}`,
    ),
  );
  const found = new Map<string, MergeCandidate & { rank: number }>();
  const propose = (a: number, b: number, rank: number, reason: string): void => {
    if (a === b) return;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const key = `${lo}:${hi}`;
    if (distinct.has(key)) return;
    const prev = found.get(key);
    if (prev && prev.rank <= rank) return;
    const pick = (id: number): MergeCandidate['a'] => {
      const e = byId.get(id)!;
      return { entityId: id, type: e.type, name: e.names[0]! };
    };
    found.set(key, { a: pick(lo), b: pick(hi), reason, rank });
  };

  // Each name folded once: type + folded name → entities having it as name or alias.
  const named = entities.flatMap((e) =>
    e.names.map((name) => {
      const folded = foldName(name);
      return { id: e.entityId, type: e.type, name, folded, words: wordsOf(folded) };
    }),
  );
  const byKey = new Map<string, Array<{ id: number; name: string }>>();
  const byInitials = new Map<string, Array<{ id: number; name: string }>>();
  const add = (map: Map<string, Array<{ id: number; name: string }>>, key: string, id: number, name: string): void => {
    const list = map.get(key);
    if (!list) map.set(key, [{ id, name }]);
    else if (!list.some((x) => x.id === id)) list.push({ id, name });
  };
  for (const n of named) {
    if (!n.folded) continue;
    add(byKey, `${n.type}\u0000${n.folded}`, n.id, n.name);
    for (const initials of initialsOf(n.words)) add(byInitials, `${n.type}\u0000${initials}`, n.id, n.name);
  }

  for (const list of byKey.values())
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        propose(list[i]!.id, list[j]!.id, 0, `Both are called “${list[i]!.name}”.`);

  for (const n of named) {
    const acronym = asAcronym(n.name);
    if (acronym) {
      for (const other of byInitials.get(`${n.type}\u0000${acronym}`) ?? [])
        propose(n.id, other.id, 1, `“${n.name}” is the initials of “${other.name}”.`);
    }
    // Every run of whole words of a longer name that is another entity's name.
    const words = n.words.slice(0, 12);
    for (let len = words.length - 1; len >= 1; len--) {
      for (let from = 0; from + len <= words.length; from++) {
        const part = words.slice(from, from + len).join(' ');
        if (len === 1 && (part.length < 3 || FUNCTION_WORDS.has(part))) continue;
        for (const other of byKey.get(`${n.type}\u0000${part}`) ?? [])
          propose(n.id, other.id, 2, `“${other.name}” is part of “${n.name}”.`);
      }
    }
  }

  return [...found.values()]
    .sort((x, y) => x.rank - y.rank || x.a.name.localeCompare(y.a.name) || x.b.entityId - y.b.entityId)
    .slice(0, limit)
    .map(({ a, b, reason }) => ({ a, b, reason }));
}

// ── the entity page ──

/** How many co-occurring entities the page lists. */
const COOCCURRING_LIMIT = 50;

export function entityProfile(db: Database, entityId: number): EntityProfile {
  const row = entityRow(db, entityId);
  const entity = toEntity(row, aliasesOf(db, [entityId]).get(entityId)!);

  // Passages, then their sources once each (a source row is wide: it holds the text), ordered here.
  const passages = stmt(
    db,
    `SELECT p.id, p.source_id, p.start, p."end", p.exact, p.page, p.comment, p.status
     FROM passage_entities pe JOIN passages p ON p.id = pe.passage_id
     WHERE pe.entity_id = ? AND p.deleted_at IS NULL`,
  ).all(entityId) as Array<{
    id: number;
    source_id: number;
    start: number;
    end: number;
    exact: string;
    page: number | null;
    comment: string | null;
    status: 'anchored' | 'orphan';
  }>;
  const sources = stmt(
    db,
    `SELECT s.id, s.title, s.published_at FROM entity_sources es JOIN sources s ON s.id = es.source_id
     WHERE es.entity_id = ?`,
  ).all(entityId) as Array<{ id: number; title: string; published_at: string | null }>;
  sources.sort(
    (a, b) =>
      (a.published_at === null ? 1 : 0) - (b.published_at === null ? 1 : 0) ||
      ((a.published_at ?? '') < (b.published_at ?? '')
        ? -1
        : (a.published_at ?? '') > (b.published_at ?? '')
          ? 1
          : 0) ||
      a.id - b.id,
  );
  const groups = new Map<number, EntityTimelineGroup>();
  const timeline: EntityTimelineGroup[] = sources.map((src) => {
    const group = { source: { sourceId: src.id, title: src.title, publishedAt: src.published_at }, passages: [] };
    groups.set(src.id, group);
    return group;
  });
  passages.sort((a, b) => a.start - b.start || a.id - b.id);
  for (const p of passages) {
    groups.get(p.source_id)!.passages.push({
      passageId: p.id,
      start: p.start,
      end: p.end,
      exact: p.exact,
      page: p.page,
      comment: p.comment,
      status: p.status,
    });
  }

  // Shared sources come from the (entity, source) counts, shared passages from the links of this entity's passages.
  const cooccurring = stmt(
    db,
    `WITH shared_sources AS (
       SELECT o.entity_id, count(*) AS n FROM entity_sources mine
       JOIN entity_sources o ON o.source_id = mine.source_id AND o.entity_id <> mine.entity_id
       WHERE mine.entity_id = @id GROUP BY o.entity_id
     ), shared_passages AS (
       SELECT o.entity_id, count(*) AS n FROM passage_entities mine
       JOIN passages p ON p.id = mine.passage_id AND p.deleted_at IS NULL
       JOIN passage_entities o ON o.passage_id = mine.passage_id AND o.entity_id <> mine.entity_id
       WHERE mine.entity_id = @id GROUP BY o.entity_id
     )
     SELECT e.id, e.type, e.name, coalesce(sp.n, 0) AS passages, ss.n AS sources
     FROM shared_sources ss JOIN entities e ON e.id = ss.entity_id
     LEFT JOIN shared_passages sp ON sp.entity_id = ss.entity_id
     WHERE ${LIVE}
     ORDER BY passages DESC, sources DESC, e.name COLLATE NOCASE, e.id
     LIMIT ${COOCCURRING_LIMIT}`,
  ).all({ id: entityId }) as Array<{ id: number; type: EntityType; name: string; passages: number; sources: number }>;

  const notes = stmt(
    db,
    `SELECT n.id, n.title, n.updated_at FROM notes n
     WHERE n.id IN (SELECT owner_id FROM refs WHERE owner_kind = 'note' AND target_kind = 'entity' AND target_id = ?)
       AND n.deleted_at IS NULL
     ORDER BY n.updated_at DESC, n.id DESC`,
  ).all(entityId) as Array<{ id: number; title: string; updated_at: string }>;

  return {
    entity,
    passages: passages.length,
    sources: timeline.length,
    timeline,
    cooccurring: cooccurring.map((c): CoOccurrence => ({
      entity: { entityId: c.id, type: c.type, name: c.name },
      sharedPassages: c.passages,
      sharedSources: c.sources,
    })),
    notes: notes.map((n) => ({ noteId: n.id, title: n.title, updatedAt: n.updated_at })),
  };
}

/** Sources where the entity has live passages: whose highlights show it. */
export function entitySourceIds(db: Database, entityId: number): number[] {
  return (
    stmt(db, 'SELECT source_id FROM entity_sources WHERE entity_id = ? ORDER BY source_id').all(entityId) as Array<{
      source_id: number;
    }>
  ).map((r) => r.source_id);
}
