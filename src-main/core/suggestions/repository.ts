import type { Database } from 'better-sqlite3';
import { foldForIndex, isUnspaced, wordsOf } from '../search/fold';
import { stmt } from '../db/statements';
import { createEntity, getEntity, liveEntityNames, requireLinkable, updateEntity } from '../entities/repository';
import { ENTITY_TYPES, type EntityType } from '../entities/types';
import { CasebookError } from '../errors';
import { createPassage, linkPassage } from '../passages/repository';
import type { Passage } from '../passages/types';
import { foldKey, foldWithOffsets } from './fold';
import { NameMatcher } from './matcher';
import type { Ner } from './ner';
import type { Suggestion, SuggestionOrigin, SuggestionPage, SuggestionStatus } from './types';

/** A row of `suggestions` as stored. */
export interface DbSuggestion {
  id: number;
  source_id: number;
  start: number;
  end: number;
  exact: string;
  entity_id: number | null;
  proposed_name: string | null;
  proposed_type: EntityType | null;
  origin: SuggestionOrigin;
  status: SuggestionStatus;
  created_at: string;
}

type DbSuggestionRow = DbSuggestion & {
  source_title: string;
  entity_name: string | null;
  entity_type: EntityType | null;
};

function toSuggestion(row: DbSuggestionRow): Suggestion {
  return {
    suggestionId: row.id,
    sourceId: row.source_id,
    sourceTitle: row.source_title,
    start: row.start,
    end: row.end,
    text: row.exact,
    type: row.entity_type ?? row.proposed_type ?? 'Other',
    entityId: row.entity_id,
    name: row.entity_name ?? row.proposed_name ?? row.exact,
    origin: row.origin,
    status: row.status,
  };
}

const SELECT = `SELECT s.*, src.title AS source_title, e.name AS entity_name, e.type AS entity_type
  FROM suggestions s JOIN sources src ON src.id = s.source_id LEFT JOIN entities e ON e.id = s.entity_id`;
/** Mentions of an entity in the trash or merged away wait, unseen, until it is back. */
const LIVE = '(s.entity_id IS NULL OR (e.deleted_at IS NULL AND e.merged_into IS NULL))';

export interface SuggestionFilter {
  sourceId?: number;
  entityId?: number;
  status?: SuggestionStatus;
}

/** The inbox, by source and position. */
export function listSuggestions(db: Database, filter: SuggestionFilter, offset: number, limit: number): SuggestionPage {
  const status = filter.status ?? 'pending';
  const where = ['s.status = ?'];
  const params: unknown[] = [status];
  if (filter.sourceId !== undefined) {
    where.push('s.source_id = ?');
    params.push(filter.sourceId);
  }
  if (filter.entityId !== undefined) {
    where.push('s.entity_id = ?');
    params.push(filter.entityId);
  }
  if (status === 'pending') where.push(LIVE);
  const clause = where.join(' AND ');
  const total = (
    stmt(db, `SELECT count(*) AS n FROM suggestions s LEFT JOIN entities e ON e.id = s.entity_id WHERE ${clause}`).get(
      ...params,
    ) as { n: number }
  ).n;
  const rows = stmt(db, `${SELECT} WHERE ${clause} ORDER BY s.source_id, s.start, s.id LIMIT ? OFFSET ?`).all(
    ...params,
    limit,
    offset,
  ) as DbSuggestionRow[];
  return { total, offset, items: rows.map(toSuggestion) };
}

export function getSuggestion(db: Database, suggestionId: number): Suggestion {
  const row = stmt(db, `${SELECT} WHERE s.id = ?`).get(suggestionId) as DbSuggestionRow | undefined;
  if (!row) throw new CasebookError('not_found', `There is no suggestion ${suggestionId} in this notebook.`);
  return toSuggestion(row);
}

const matchers = new WeakMap<Database, { version: number; matcher: NameMatcher }>();

/**
 * Every live entity's names compiled once, and again only after a name, an
 * alias, a type, a merge or the trash changed them (a counter kept by triggers).
 */
export function knownNames(db: Database): NameMatcher {
  const { version } = stmt(db, 'SELECT version FROM entity_names_version WHERE id = 1').get() as { version: number };
  const cached = matchers.get(db);
  if (cached && cached.version === version) return cached.matcher;
  const matcher = new NameMatcher(liveEntityNames(db));
  matchers.set(db, { version, matcher });
  return matcher;
}

interface Found {
  start: number;
  end: number;
  exact: string;
  entityId: number | null;
  proposedName: string | null;
  proposedType: EntityType | null;
  origin: SuggestionOrigin;
}

export interface ScanTools {
  names: NameMatcher;
  /** Null: known names only. */
  ner: Ner | null;
  /** Only this entity's mentions (and only its pending suggestions are replaced). */
  entityId?: number;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

const pendingKey = (sourceId: number, f: Pick<Found, 'start' | 'end' | 'entityId' | 'proposedType'>): string =>
  `${sourceId}:${f.start}:${f.end}:${f.entityId ?? 0}:${f.entityId === null ? (f.proposedType ?? '') : ''}`;

/** Whether the analyst rejected this text for this entity (or type); asked once per distinct text in a scan. */
function rejectedTexts(db: Database): (f: Found) => boolean {
  const seen = new Map<string, boolean>();
  const query = stmt(
    db,
    `SELECT 1 FROM suggestion_rejections WHERE ifnull(entity_id, 0) = ? AND ifnull(proposed_type, '') = ? AND text_key = ?`,
  );
  return (f) => {
    const entity = f.entityId ?? 0;
    const type = f.entityId === null ? (f.proposedType ?? '') : '';
    const text = foldKey(f.exact);
    const key = `${entity}\u0000${type}\u0000${text}`;
    let rejected = seen.get(key);
    if (rejected === undefined) seen.set(key, (rejected = query.get(entity, type, text) !== undefined));
    return rejected;
  };
}

/**
 * Finds the mentions in one source and makes them its pending suggestions:
 * new ones are added, those already waiting are kept (same id), and pending
 * ones the scan no longer finds (a name removed, an entity trashed, a
 * rejected text, a passage since linked) are dropped. Mentions already
 * covered by a passage linked to the entity, and rejected texts, are never
 * proposed. Returns how many suggestions are new.
 */
export function scanSource(db: Database, sourceId: number, tools: ScanTools): number {
  const src = stmt(db, 'SELECT text FROM sources WHERE id = ?').get(sourceId) as { text: string } | undefined;
  if (!src) throw new CasebookError('not_found', `There is no source ${sourceId} in this notebook.`);
  const text = src.text;
  const found: Found[] = [];
  let matches = tools.names.findFolded(foldWithOffsets(text));
  const proposals = tools.ner && tools.entityId === undefined ? tools.ner(text) : [];
  // The longest mention wins here too: a new "Pakistan Steel Mills" over the known place inside it,
  // unless the longer name is of the known entity's own type (then it is likely that entity, more fully named).
  const outranked = (m: { start: number; end: number; entityIds: number[] }): boolean =>
    proposals.some(
      (n) =>
        n.start <= m.start &&
        m.end <= n.end &&
        n.end - n.start > m.end - m.start &&
        m.entityIds.every((id) => tools.names.typeOf(id) !== n.type),
    );
  matches = matches.filter((m) => !outranked(m));
  for (const m of matches) {
    for (const entityId of m.entityIds) {
      if (tools.entityId !== undefined && entityId !== tools.entityId) continue;
      found.push({ start: m.start, end: m.end, exact: text.slice(m.start, m.end), entityId, ...NAME });
    }
  }
  if (proposals.length > 0) {
    for (const n of proposals) {
      if (matches.some((m) => overlaps(m, n))) continue;
      // NER's name is a known one where the text itself is not ("[Vladimir] Putin").
      const known = tools.names.lookup(n.name).filter((id) => tools.names.typeOf(id) === n.type);
      if (known.length > 0) {
        for (const entityId of known) found.push({ start: n.start, end: n.end, exact: n.text, entityId, ...NAME });
      } else {
        found.push({
          start: n.start,
          end: n.end,
          exact: n.text,
          entityId: null,
          proposedName: n.name,
          proposedType: n.type,
          origin: 'ner',
        });
      }
    }
  }

  return db.transaction(() => {
    const linked = stmt(
      db,
      `SELECT p.start, p."end", pe.entity_id AS entityId, e.type FROM passages p
       JOIN passage_entities pe ON pe.passage_id = p.id JOIN entities e ON e.id = pe.entity_id
       WHERE p.source_id = ? AND p.deleted_at IS NULL AND p.status = 'anchored'`,
    ).all(sourceId) as Array<{ start: number; end: number; entityId: number; type: EntityType }>;
    const existing = new Map<string, number>();
    const pending = (
      tools.entityId === undefined
        ? stmt(db, `SELECT * FROM suggestions WHERE source_id = ? AND status = 'pending'`).all(sourceId)
        : stmt(db, `SELECT * FROM suggestions WHERE source_id = ? AND status = 'pending' AND entity_id = ?`).all(
            sourceId,
            tools.entityId,
          )
    ) as DbSuggestion[];
    for (const row of pending)
      existing.set(
        pendingKey(sourceId, {
          start: row.start,
          end: row.end,
          entityId: row.entity_id,
          proposedType: row.proposed_type,
        }),
        row.id,
      );
    const keep = new Set<number>();
    const insert = stmt(
      db,
      `INSERT OR IGNORE INTO suggestions
         (source_id, start, "end", exact, entity_id, proposed_name, proposed_type, origin, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    );
    const now = new Date().toISOString();
    const isRejected = rejectedTexts(db);
    let added = 0;
    for (const f of found) {
      const covered = linked.some((p) =>
        f.entityId !== null ? p.entityId === f.entityId && overlaps(p, f) : p.type === f.proposedType && overlaps(p, f),
      );
      if (covered || isRejected(f)) continue;
      const id = existing.get(pendingKey(sourceId, f));
      if (id !== undefined) {
        keep.add(id);
        continue;
      }
      const r = insert.run(
        sourceId,
        f.start,
        f.end,
        f.exact,
        f.entityId,
        f.proposedName,
        f.proposedType,
        f.origin,
        now,
      );
      if (r.changes > 0) {
        keep.add(Number(r.lastInsertRowid));
        added++;
      }
    }
    const drop = stmt(db, 'DELETE FROM suggestions WHERE id = ?');
    for (const id of existing.values()) if (!keep.has(id)) drop.run(id);
    return added;
  })();
}

const NAME = { proposedName: null, proposedType: null, origin: 'name' } as const;

/**
 * The sources whose text may mention one of `names`, from the full-text index
 * (a superset: the matcher decides); every source when a name cannot be
 * looked up that way. Names are folded and split exactly as the index does it.
 */
export function sourcesMentioning(db: Database, names: readonly string[]): number[] {
  const phrases: string[] = [];
  for (const name of names) {
    if (isUnspaced(name)) return allSourceIds(db);
    const words = wordsOf(foldForIndex(name));
    if (words.length > 0) phrases.push(`"${words.join(' ')}"`);
  }
  if (phrases.length === 0) return [];
  const rows = stmt(db, 'SELECT rowid AS id FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rowid').all(
    `text : (${phrases.join(' OR ')})`,
  ) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

export function allSourceIds(db: Database): number[] {
  return (stmt(db, 'SELECT id FROM sources ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
}

/** The entity's names (name and aliases), for "find unlinked mentions". */
export function namesOf(db: Database, entityId: number): string[] {
  requireLinkable(db, entityId);
  const entity = getEntity(db, entityId);
  return [entity.name, ...entity.aliases];
}

function requirePending(db: Database, suggestionId: number): DbSuggestion {
  const row = stmt(db, 'SELECT * FROM suggestions WHERE id = ?').get(suggestionId) as DbSuggestion | undefined;
  if (!row) throw new CasebookError('not_found', `There is no suggestion ${suggestionId} in this notebook.`);
  if (row.status !== 'pending')
    throw new CasebookError('invalid_input', `Suggestion ${suggestionId} was already ${row.status}.`);
  return row;
}

export interface AcceptChoice {
  /** Link to this entity instead of the suggested one. */
  entityId?: number;
  /** For a new entity: its name and type, if not the proposed ones. */
  name?: string;
  type?: EntityType;
}

export interface Accepted {
  passage: Passage;
  entityId: number;
  /** True when the accept created the entity or gave it a new alias. */
  entityChanged: boolean;
}

const cleanText = (t: string): string => t.replace(/[[\]]/g, '').replace(/\s+/g, ' ').trim();

/**
 * The analyst's yes: the mention becomes a passage linked to the entity (the
 * suggested one, another one, or a new one made from the proposal), in one
 * transaction. A passage already at that exact span gets the link instead of
 * a twin. A proposal's text that is not yet a name of its entity ("SCO" for
 * the Shanghai Cooperation Organization) becomes an alias, so the next scan
 * finds it as a known name.
 */
export function acceptSuggestion(db: Database, suggestionId: number, choice: AcceptChoice = {}): Accepted {
  return db.transaction(() => {
    const row = requirePending(db, suggestionId);
    let entityId = choice.entityId ?? row.entity_id;
    let entityChanged = false;
    if (entityId !== null) {
      requireLinkable(db, entityId);
      if (choice.entityId === undefined) entityChanged = addAlias(db, entityId, cleanText(row.exact));
    } else {
      const name = (choice.name ?? row.proposed_name ?? cleanText(row.exact)).trim();
      const type = choice.type ?? row.proposed_type ?? 'Other';
      if (!ENTITY_TYPES.includes(type)) throw new CasebookError('invalid_input', `"${type}" is not an entity type.`);
      // The same name may have become an entity since the scan.
      const names = knownNames(db);
      const existing = names.lookup(name).filter((id) => names.typeOf(id) === type);
      if (existing.length > 0) {
        entityId = existing[0]!;
        entityChanged = addAlias(db, entityId, cleanText(row.exact));
      } else {
        entityId = createEntity(db, { type, name, aliases: aliasesFor(db, row, name, type) }).entityId;
        entityChanged = true;
      }
      repoint(db, row, entityId, type);
    }
    const passage = linkSpan(db, row.source_id, row.start, row.end, entityId);
    stmt(db, `UPDATE suggestions SET status = 'accepted', entity_id = ? WHERE id = ?`).run(entityId, row.id);
    return { passage, entityId, entityChanged };
  })();
}

/** Adds `text` to the entity's aliases unless it already is one of its names; true if it was added. */
function addAlias(db: Database, entityId: number, text: string): boolean {
  const entity = getEntity(db, entityId);
  const key = foldKey(text);
  if (key.length < 2 || [entity.name, ...entity.aliases].some((n) => foldKey(n) === key)) return false;
  updateEntity(db, entityId, { aliases: [...entity.aliases, text] });
  return true;
}

/** Other texts NER proposed in this source for the same new entity ("SCO" beside its long form). */
function aliasesFor(db: Database, row: DbSuggestion, name: string, type: EntityType): string[] {
  const rows = stmt(
    db,
    `SELECT DISTINCT exact FROM suggestions WHERE source_id = ? AND status = 'pending' AND entity_id IS NULL
       AND proposed_type = ? AND proposed_name = ? COLLATE NOCASE`,
  ).all(row.source_id, type, row.proposed_name ?? name) as Array<{ exact: string }>;
  const texts = [row.exact, ...rows.map((r) => r.exact)].map(cleanText);
  const seen = new Set([foldKey(name)]);
  const aliases: string[] = [];
  for (const t of texts) {
    const key = foldKey(t);
    if (seen.has(key) || key.length < 2) continue;
    seen.add(key);
    aliases.push(t);
  }
  return aliases;
}

/** Pending proposals of the same new entity, anywhere, become mentions of the one just made. */
function repoint(db: Database, row: DbSuggestion, entityId: number, type: EntityType): void {
  if (row.proposed_name === null) return;
  const key = foldKey(row.proposed_name);
  const rows = stmt(
    db,
    `SELECT * FROM suggestions WHERE status = 'pending' AND entity_id IS NULL AND proposed_type = ?
       AND proposed_name = ? COLLATE NOCASE AND id <> ?`,
  ).all(type, row.proposed_name, row.id) as DbSuggestion[];
  for (const other of rows) {
    if (foldKey(other.proposed_name ?? '') !== key) continue;
    const twin = stmt(
      db,
      `SELECT id FROM suggestions WHERE status = 'pending' AND source_id = ? AND start = ? AND "end" = ? AND entity_id = ?`,
    ).get(other.source_id, other.start, other.end, entityId);
    if (twin) stmt(db, 'DELETE FROM suggestions WHERE id = ?').run(other.id);
    else stmt(db, `UPDATE suggestions SET entity_id = ?, proposed_type = NULL WHERE id = ?`).run(entityId, other.id);
  }
}

function linkSpan(db: Database, sourceId: number, start: number, end: number, entityId: number): Passage {
  const same = stmt(
    db,
    `SELECT id FROM passages WHERE source_id = ? AND start = ? AND "end" = ? AND deleted_at IS NULL AND status = 'anchored'`,
  ).get(sourceId, start, end) as { id: number } | undefined;
  if (same) return linkPassage(db, same.id, entityId);
  return createPassage(db, { sourceId, start, end, entityIds: [entityId] });
}

/** The analyst's no, remembered: this text is not proposed again for this entity (or as a new one of this type). */
export function rejectSuggestion(db: Database, suggestionId: number): { suggestionId: number; sourceIds: number[] } {
  return db.transaction(() => {
    const row = requirePending(db, suggestionId);
    const key = foldKey(row.exact);
    const proposedType = row.entity_id === null ? row.proposed_type : null;
    stmt(
      db,
      `INSERT OR IGNORE INTO suggestion_rejections (entity_id, proposed_type, text_key, created_at) VALUES (?, ?, ?, ?)`,
    ).run(row.entity_id, proposedType, key, new Date().toISOString());
    // The same text waiting elsewhere goes too: the rejection holds for it as well.
    const same = (
      row.entity_id !== null
        ? stmt(db, `SELECT id, source_id, exact FROM suggestions WHERE status = 'pending' AND entity_id = ?`).all(
            row.entity_id,
          )
        : stmt(
            db,
            `SELECT id, source_id, exact FROM suggestions WHERE status = 'pending' AND entity_id IS NULL AND proposed_type = ?`,
          ).all(proposedType)
    ) as Array<{ id: number; source_id: number; exact: string }>;
    const reject = stmt(db, `UPDATE suggestions SET status = 'rejected' WHERE id = ?`);
    const sourceIds = new Set<number>([row.source_id]);
    reject.run(row.id);
    for (const s of same) {
      if (foldKey(s.exact) !== key) continue;
      reject.run(s.id);
      sourceIds.add(s.source_id);
    }
    return { suggestionId, sourceIds: [...sourceIds] };
  })();
}

/** Every pending mention of an entity, in one source or the whole notebook, accepted at once. */
export function acceptAllSuggestions(
  db: Database,
  entityId: number,
  sourceId?: number,
): { accepted: number; sourceIds: number[]; entityChanged: boolean } {
  return db.transaction(() => {
    requireLinkable(db, entityId);
    const rows = (
      sourceId === undefined
        ? stmt(db, `SELECT id, source_id FROM suggestions WHERE status = 'pending' AND entity_id = ? ORDER BY id`).all(
            entityId,
          )
        : stmt(
            db,
            `SELECT id, source_id FROM suggestions WHERE status = 'pending' AND entity_id = ? AND source_id = ? ORDER BY id`,
          ).all(entityId, sourceId)
    ) as Array<{ id: number; source_id: number }>;
    const sourceIds = new Set<number>();
    let entityChanged = false;
    for (const r of rows) {
      entityChanged = acceptSuggestion(db, r.id).entityChanged || entityChanged;
      sourceIds.add(r.source_id);
    }
    return { accepted: rows.length, sourceIds: [...sourceIds], entityChanged };
  })();
}
