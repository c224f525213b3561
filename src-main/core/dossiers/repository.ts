import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import { getEntity } from '../entities/repository';
import { CasebookError } from '../errors';
import { collectRefs, deriveText, emptyContent, parseContent } from '../notes/content';
import { namesFrom, rebuildRefs } from '../notes/repository';
import { foldKey } from '../suggestions/fold';
import type { Dossier, DossierSaved, DossierSummary } from './types';

/** A row of `dossiers` as stored. */
export interface DbDossier {
  id: number;
  title: string;
  subject_entity_id: number | null;
  classification: string;
  analyst: string;
  content: string;
  text: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const toDossier = (r: DbDossier): Dossier => ({
  id: r.id,
  title: r.title,
  subjectEntityId: r.subject_entity_id,
  classification: r.classification,
  analyst: r.analyst,
  content: r.content,
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

function dossierRow(db: Database, dossierId: number): DbDossier {
  const row = stmt(db, 'SELECT * FROM dossiers WHERE id = ?').get(dossierId) as DbDossier | undefined;
  if (!row) throw new CasebookError('not_found', `There is no dossier ${dossierId} in this notebook.`);
  return row;
}

export function getDossier(db: Database, dossierId: number): Dossier {
  return toDossier(dossierRow(db, dossierId));
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function checkTitle(title: string): string {
  const clean = oneLine(title);
  if (!clean) throw new CasebookError('invalid_input', 'A dossier needs a title.');
  return clean;
}

/** A subject must be an entity links can point at; a merged one is refused like everywhere else. */
function checkSubject(db: Database, entityId: number): number {
  const entity = getEntity(db, entityId);
  if (entity.deletedAt !== null)
    throw new CasebookError('invalid_input', `${entity.name} is in the trash; restore it first.`);
  const merged = stmt(db, 'SELECT merged_into FROM entities WHERE id = ?').get(entityId) as {
    merged_into: number | null;
  };
  if (merged.merged_into !== null)
    throw new CasebookError('invalid_input', `${entity.name} was merged into another entity; use that one instead.`);
  return entityId;
}

/** Derives the text and the reference index from the content; refuses content the editor could not open. */
function storeContent(db: Database, dossierId: number, content: string): void {
  const state = parseContent(content);
  const { text } = deriveText(state, namesFrom(db));
  stmt(db, 'UPDATE dossiers SET content = ?, text = ? WHERE id = ?').run(content, text, dossierId);
  rebuildRefs(db, dossierId, collectRefs(state), 'dossier');
}

export interface DossierInput {
  title: string;
  subjectEntityId?: number;
  classification?: string;
  analyst?: string;
  /** Editor state JSON; an empty document when absent. */
  content?: string;
}

export function createDossier(db: Database, input: DossierInput, now = new Date()): Dossier {
  const title = checkTitle(input.title);
  const content = input.content ?? emptyContent();
  parseContent(content);
  return db.transaction(() => {
    const subject = input.subjectEntityId === undefined ? null : checkSubject(db, input.subjectEntityId);
    const at = now.toISOString();
    const { lastInsertRowid } = stmt(
      db,
      `INSERT INTO dossiers (title, subject_entity_id, classification, analyst, content, text, revision, created_at, updated_at)
       VALUES (?, ?, ?, ?, '', '', 1, ?, ?)`,
    ).run(title, subject, oneLine(input.classification ?? ''), oneLine(input.analyst ?? ''), at, at);
    const id = Number(lastInsertRowid);
    storeContent(db, id, content);
    return getDossier(db, id);
  })();
}

export interface DossierSave {
  dossierId: number;
  /** The revision the editor's copy was loaded or last saved at. */
  revision: number;
  title?: string;
  classification?: string;
  analyst?: string;
  subjectEntityId?: number | null;
  content?: string;
}

/**
 * Saves the fields sent. The copy must be based on the revision stored now: a
 * save from an older one (another window saved) is refused, so nothing newer
 * is overwritten without the analyst choosing to.
 */
export function saveDossier(db: Database, input: DossierSave, now = new Date()): DossierSaved {
  return db.transaction(() => {
    const row = stmt(db, 'SELECT id, revision FROM dossiers WHERE id = ?').get(input.dossierId) as
      Pick<DbDossier, 'id' | 'revision'> | undefined;
    if (!row) throw new CasebookError('not_found', `There is no dossier ${input.dossierId} in this notebook.`);
    if (row.revision !== input.revision) {
      throw new CasebookError(
        'conflict',
        `Dossier ${input.dossierId} was changed elsewhere (it is at revision ${row.revision}, this copy is from revision ${input.revision}). Reload it to see those changes.`,
      );
    }
    if (input.title !== undefined)
      stmt(db, 'UPDATE dossiers SET title = ? WHERE id = ?').run(checkTitle(input.title), row.id);
    if (input.classification !== undefined)
      stmt(db, 'UPDATE dossiers SET classification = ? WHERE id = ?').run(oneLine(input.classification), row.id);
    if (input.analyst !== undefined)
      stmt(db, 'UPDATE dossiers SET analyst = ? WHERE id = ?').run(oneLine(input.analyst), row.id);
    if (input.subjectEntityId !== undefined) {
      const subject = input.subjectEntityId === null ? null : checkSubject(db, input.subjectEntityId);
      stmt(db, 'UPDATE dossiers SET subject_entity_id = ? WHERE id = ?').run(subject, row.id);
    }
    if (input.content !== undefined) storeContent(db, row.id, input.content);
    const revision = row.revision + 1;
    const at = now.toISOString();
    stmt(db, 'UPDATE dossiers SET revision = ?, updated_at = ? WHERE id = ?').run(revision, at, row.id);
    return { revision, updatedAt: at };
  })();
}

/** To the trash: hidden from the list, kept whole until restored. */
export function deleteDossier(db: Database, dossierId: number, now = new Date()): Dossier {
  dossierRow(db, dossierId);
  stmt(db, 'UPDATE dossiers SET deleted_at = coalesce(deleted_at, ?) WHERE id = ?').run(now.toISOString(), dossierId);
  return getDossier(db, dossierId);
}

export function restoreDossier(db: Database, dossierId: number): Dossier {
  dossierRow(db, dossierId);
  stmt(db, 'UPDATE dossiers SET deleted_at = NULL WHERE id = ?').run(dossierId);
  return getDossier(db, dossierId);
}

/**
 * Most recently edited first. A query keeps the dossiers whose title, subject
 * (name or alias) or text contain every word of it, whatever the case and
 * accents: a notebook holds tens of dossiers, not thousands, so they are
 * folded here rather than indexed.
 */
export function listDossiers(db: Database, opts: { query?: string; trash?: boolean } = {}): DossierSummary[] {
  const words = (opts.query?.match(/[\p{L}\p{N}]+/gu) ?? []).map(foldKey);
  const rows = stmt(
    db,
    `SELECT d.id, d.title, d.subject_entity_id, d.classification, d.updated_at, d.deleted_at,
       CASE WHEN ? THEN d.text ELSE '' END AS text
     FROM dossiers d ORDER BY d.updated_at DESC, d.id DESC`,
  ).all(words.length > 0 ? 1 : 0) as Array<
    Pick<DbDossier, 'id' | 'title' | 'subject_entity_id' | 'classification' | 'updated_at' | 'deleted_at' | 'text'>
  >;
  const names = namesFrom(db);
  const out: DossierSummary[] = [];
  for (const r of rows) {
    if ((r.deleted_at !== null) !== Boolean(opts.trash)) continue;
    // A subject merged away shows as the entity it now lives on.
    const subjectName = r.subject_entity_id === null ? null : names.entity(r.subject_entity_id) || null;
    if (words.length > 0) {
      const aliases = r.subject_entity_id === null ? [] : getEntity(db, r.subject_entity_id).aliases;
      const haystack = foldKey([r.title, subjectName ?? '', ...aliases, r.text].join('\n'));
      if (!words.every((w) => haystack.includes(w))) continue;
    }
    out.push({
      id: r.id,
      title: r.title,
      subjectEntityId: r.subject_entity_id,
      subjectName,
      classification: r.classification,
      updatedAt: r.updated_at,
    });
  }
  return out;
}
