import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import { createEntity, requireLinkable } from '../entities/repository';
import type { EntityType } from '../entities/types';
import { CasebookError } from '../errors';
import type { SourceLayout } from '../sources/types';
import { foldKey, foldWithOffsets } from '../suggestions/fold';
import { describe, reanchor } from './anchor';
import type { Passage, PassageEntity } from './types';

/** A row of `passages` as stored. */
export interface DbPassage {
  id: number;
  source_id: number;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  page: number | null;
  comment: string | null;
  status: 'anchored' | 'orphan';
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const now = (): string => new Date().toISOString();

/** The live entities of many passages in one query (trashed and merged-away ones are hidden). */
function entitiesOf(db: Database, passageIds: readonly number[]): Map<number, PassageEntity[]> {
  const out = new Map<number, PassageEntity[]>(passageIds.map((id) => [id, []]));
  if (passageIds.length === 0) return out;
  const rows = stmt(
    db,
    `SELECT pe.passage_id, e.id, e.type, e.name, pe.role FROM passage_entities pe
     JOIN entities e ON e.id = pe.entity_id
     WHERE pe.passage_id IN (SELECT value FROM json_each(?)) AND e.deleted_at IS NULL AND e.merged_into IS NULL
     ORDER BY e.name COLLATE NOCASE, e.id`,
  ).all(JSON.stringify(passageIds)) as Array<{
    passage_id: number;
    id: number;
    type: EntityType;
    name: string;
    role: string | null;
  }>;
  for (const r of rows) out.get(r.passage_id)!.push({ entityId: r.id, type: r.type, name: r.name, role: r.role });
  return out;
}

function toPassages(db: Database, rows: DbPassage[]): Passage[] {
  const entities = entitiesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    passageId: r.id,
    sourceId: r.source_id,
    start: r.start,
    end: r.end,
    exact: r.exact,
    prefix: r.prefix,
    suffix: r.suffix,
    page: r.page,
    comment: r.comment,
    status: r.status,
    entities: entities.get(r.id)!,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

function passageRow(db: Database, passageId: number, { allowDeleted = false } = {}): DbPassage {
  const row = stmt(db, 'SELECT * FROM passages WHERE id = ?').get(passageId) as DbPassage | undefined;
  if (!row || (row.deleted_at !== null && !allowDeleted))
    throw new CasebookError('not_found', `There is no passage ${passageId} in this notebook.`);
  return row;
}

export function getPassage(db: Database, passageId: number): Passage {
  return toPassages(db, [passageRow(db, passageId)])[0]!;
}

/** A passage with where it comes from, for a page that shows it out of its source. */
export function getPassageDetail(
  db: Database,
  passageId: number,
): Passage & { sourceTitle: string; sourcePublishedAt: string | null } {
  const passage = getPassage(db, passageId);
  const source = stmt(db, 'SELECT title, published_at FROM sources WHERE id = ?').get(passage.sourceId) as {
    title: string;
    published_at: string | null;
  };
  return { ...passage, sourceTitle: source.title, sourcePublishedAt: source.published_at };
}

function sourceText(db: Database, sourceId: number): { text: string; layout: SourceLayout } {
  const row = stmt(db, 'SELECT text, layout FROM sources WHERE id = ?').get(sourceId) as
    { text: string; layout: string } | undefined;
  if (!row) throw new CasebookError('not_found', `There is no source ${sourceId} in this notebook.`);
  return { text: row.text, layout: JSON.parse(row.layout) as SourceLayout };
}

/** The page an offset falls on (a PDF's); in the gap between two pages, the one after it. */
export function pageAt(layout: SourceLayout, offset: number): number | null {
  const pages = layout.pages;
  if (pages.length === 0) return null;
  let lo = 0;
  let hi = pages.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pages[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return pages[lo]!.page;
}

/** Every passage of a source that is not in the trash, anchored or orphan, by position. */
export function passagesForSource(db: Database, sourceId: number): Passage[] {
  if (!stmt(db, 'SELECT 1 FROM sources WHERE id = ?').get(sourceId))
    throw new CasebookError('not_found', `There is no source ${sourceId} in this notebook.`);
  const rows = stmt(
    db,
    'SELECT * FROM passages WHERE source_id = ? AND deleted_at IS NULL ORDER BY start, "end", id',
  ).all(sourceId) as DbPassage[];
  return toPassages(db, rows);
}

const cleanComment = (c: string | null | undefined): string | null => {
  const t = c?.trim();
  return t ? t : null;
};

function link(db: Database, passageId: number, entityId: number): void {
  stmt(db, 'INSERT OR IGNORE INTO passage_entities (passage_id, entity_id) VALUES (?, ?)').run(passageId, entityId);
}

export interface PassageInput {
  sourceId: number;
  start: number;
  end: number;
  comment?: string | null;
  entityIds?: number[];
  newEntities?: Array<{ name: string; type: EntityType }>;
}

/** A span of a source's text, its selectors computed from the text, linked to entities (new ones created). */
export function createPassage(db: Database, input: PassageInput): Passage {
  const id = db.transaction(() => {
    const { text, layout } = sourceText(db, input.sourceId);
    const sel = describe(text, input.start, input.end);
    for (const entityId of input.entityIds ?? []) requireLinkable(db, entityId);
    const at = now();
    const { lastInsertRowid } = stmt(
      db,
      `INSERT INTO passages (source_id, start, "end", exact, prefix, suffix, page, comment, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.sourceId,
      sel.start,
      sel.end,
      sel.exact,
      sel.prefix,
      sel.suffix,
      pageAt(layout, sel.start),
      cleanComment(input.comment),
      at,
      at,
    );
    const passageId = Number(lastInsertRowid);
    for (const entityId of input.entityIds ?? []) link(db, passageId, entityId);
    for (const e of input.newEntities ?? []) link(db, passageId, createEntity(db, e).entityId);
    return passageId;
  })();
  return getPassage(db, id);
}

export function updatePassage(db: Database, passageId: number, edit: { comment: string | null }): Passage {
  db.transaction(() => {
    passageRow(db, passageId);
    stmt(db, 'UPDATE passages SET comment = ?, updated_at = ? WHERE id = ?').run(
      cleanComment(edit.comment),
      now(),
      passageId,
    );
  })();
  return getPassage(db, passageId);
}

export function linkPassage(db: Database, passageId: number, entityId: number): Passage {
  db.transaction(() => {
    passageRow(db, passageId);
    requireLinkable(db, entityId);
    link(db, passageId, entityId);
    stmt(db, 'UPDATE passages SET updated_at = ? WHERE id = ?').run(now(), passageId);
  })();
  return getPassage(db, passageId);
}

/** Links the passage to a new entity; returns the passage and the entity's id. */
export function linkPassageToNew(
  db: Database,
  passageId: number,
  entity: { name: string; type: EntityType },
): { passage: Passage; entityId: number } {
  return db.transaction(() => {
    passageRow(db, passageId);
    const { entityId } = createEntity(db, entity);
    return { passage: linkPassage(db, passageId, entityId), entityId };
  })();
}

export function unlinkPassage(db: Database, passageId: number, entityId: number): Passage {
  db.transaction(() => {
    passageRow(db, passageId);
    const { changes } = stmt(db, 'DELETE FROM passage_entities WHERE passage_id = ? AND entity_id = ?').run(
      passageId,
      entityId,
    );
    if (changes > 0) stmt(db, 'UPDATE passages SET updated_at = ? WHERE id = ?').run(now(), passageId);
  })();
  return getPassage(db, passageId);
}

/** To the trash, links and all, so it can be restored as it was. */
export function deletePassage(db: Database, passageId: number): { passageId: number; sourceId: number } {
  return db.transaction(() => {
    const row = passageRow(db, passageId);
    stmt(db, 'UPDATE passages SET deleted_at = ? WHERE id = ?').run(now(), passageId);
    return { passageId, sourceId: row.source_id };
  })();
}

export function restorePassage(db: Database, passageId: number): Passage {
  db.transaction(() => {
    passageRow(db, passageId, { allowDeleted: true });
    stmt(db, 'UPDATE passages SET deleted_at = NULL WHERE id = ?').run(passageId);
  })();
  return getPassage(db, passageId);
}

/** Passages that lost their place when a text changed, for review. */
export function listOrphans(db: Database): Array<Passage & { sourceTitle: string }> {
  const rows = stmt(
    db,
    `SELECT p.*, s.title AS source_title FROM passages p JOIN sources s ON s.id = p.source_id
     WHERE p.status = 'orphan' AND p.deleted_at IS NULL ORDER BY p.source_id, p.start, p.id`,
  ).all() as Array<DbPassage & { source_title: string }>;
  const passages = toPassages(db, rows);
  return passages.map((p, i) => ({ ...p, sourceTitle: rows[i]!.source_title }));
}

/**
 * Finds each passage of a source again in a new version of its text (a
 * better extractor, say): re-anchored passages get their new span, selectors
 * and page; those that cannot be found become orphans, kept for review with
 * their old selectors — never deleted.
 */
export function reanchorPassages(
  db: Database,
  sourceId: number,
  newText: string,
  layout: SourceLayout = { headings: [], pages: [] },
): { anchored: number; orphaned: number } {
  return db.transaction(() => {
    const rows = stmt(db, 'SELECT * FROM passages WHERE source_id = ? AND deleted_at IS NULL').all(
      sourceId,
    ) as DbPassage[];
    const at = now();
    let anchored = 0;
    let orphaned = 0;
    for (const row of rows) {
      const found = reanchor(newText, row);
      if (found) {
        const sel = describe(newText, found.start, found.end);
        stmt(
          db,
          `UPDATE passages SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, page = ?,
             status = 'anchored', updated_at = ? WHERE id = ?`,
        ).run(sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, pageAt(layout, sel.start), at, row.id);
        anchored++;
      } else {
        if (row.status !== 'orphan')
          stmt(db, `UPDATE passages SET status = 'orphan', updated_at = ? WHERE id = ?`).run(at, row.id);
        orphaned++;
      }
    }
    return { anchored, orphaned };
  })();
}

/** A live passage of exactly this span, if the source has one (linking the same words twice reuses it). */
export function findPassageAt(db: Database, sourceId: number, start: number, end: number): Passage | null {
  const row = stmt(
    db,
    `SELECT * FROM passages WHERE source_id = ? AND start = ? AND "end" = ? AND deleted_at IS NULL ORDER BY id LIMIT 1`,
  ).get(sourceId, start, end) as DbPassage | undefined;
  return row ? toPassages(db, [row])[0]! : null;
}

/**
 * Where a quote is in a source's text: the exact words, else the same words
 * whatever their case, accents, quote marks or spacing. The first occurrence.
 */
export function findQuote(db: Database, sourceId: number, quote: string): { start: number; end: number } | null {
  const { text } = sourceText(db, sourceId);
  const exact = quote.trim();
  if (!exact) return null;
  const at = text.indexOf(exact);
  if (at !== -1) return { start: at, end: at + exact.length };
  const key = foldKey(exact);
  if (!key) return null;
  const folded = foldWithOffsets(text);
  const i = folded.text.indexOf(key);
  if (i === -1) return null;
  return { start: folded.starts[i]!, end: folded.ends[i + key.length - 1]! };
}
