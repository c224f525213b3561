import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import { CasebookError } from '../errors';
import type { Layout } from './assemble';
import type { SourceDetail, SourceKind, SourcePage, SourceSummary } from './types';

/** A row of `sources` as stored. */
export interface DbSource {
  id: number;
  title: string;
  byline: string | null;
  published_at: string | null;
  url: string | null;
  lang: string | null;
  kind: SourceKind;
  file_name: string | null;
  blob_hash: string | null;
  extractor: string;
  text: string;
  content_hash: string;
  near_duplicate_of: number | null;
  layout: string;
  minhash: Buffer | null;
  imported_at: string;
  updated_at: string;
}

type DbSourceSummary = Pick<
  DbSource,
  'id' | 'title' | 'published_at' | 'kind' | 'imported_at' | 'near_duplicate_of'
> & {
  near_duplicate_title: string | null;
};

function toSummary(row: DbSourceSummary): SourceSummary {
  return {
    sourceId: row.id,
    title: row.title,
    publishedAt: row.published_at,
    kind: row.kind,
    importedAt: row.imported_at,
    nearDuplicateOf:
      row.near_duplicate_of !== null
        ? { sourceId: row.near_duplicate_of, title: row.near_duplicate_title ?? '' }
        : null,
  };
}

const SUMMARY = `SELECT s.id, s.title, s.published_at, s.kind, s.imported_at, s.near_duplicate_of, d.title AS near_duplicate_title
  FROM sources s LEFT JOIN sources d ON d.id = s.near_duplicate_of`;

/** Newest first: what an analyst just dropped is at the top. */
export function listSources(db: Database, offset: number, limit: number): SourcePage {
  const total = (stmt(db, 'SELECT count(*) AS n FROM sources').get() as { n: number }).n;
  // Skip `offset` rows in the slim id index, not in the table, whose rows carry whole texts:
  // at 100,000 sources that is the difference between a millisecond and a quarter second.
  const rows = stmt(
    db,
    `${SUMMARY} WHERE s.id IN (SELECT id FROM sources INDEXED BY sources_library ORDER BY id DESC LIMIT ? OFFSET ?)
     ORDER BY s.id DESC`,
  ).all(limit, offset) as DbSourceSummary[];
  return { total, offset, items: rows.map(toSummary) };
}

export function getSource(db: Database, id: number): SourceDetail | undefined {
  const row = stmt(db, 'SELECT * FROM sources WHERE id = ?').get(id) as DbSource | undefined;
  if (!row) return undefined;
  const near = row.near_duplicate_of
    ? (stmt(db, 'SELECT id, title FROM sources WHERE id = ?').get(row.near_duplicate_of) as
        { id: number; title: string } | undefined)
    : undefined;
  return {
    sourceId: row.id,
    title: row.title,
    byline: row.byline,
    publishedAt: row.published_at,
    url: row.url,
    lang: row.lang,
    kind: row.kind,
    fileName: row.file_name,
    extractor: row.extractor,
    importedAt: row.imported_at,
    updatedAt: row.updated_at,
    nearDuplicateOf: near ? { sourceId: near.id, title: near.title } : null,
    hasOriginal: row.blob_hash !== null,
    layout: JSON.parse(row.layout) as Layout,
    text: row.text,
  };
}

export function requireSource(db: Database, id: number): SourceDetail {
  const source = getSource(db, id);
  if (!source) throw new CasebookError('not_found', `There is no source ${id} in this notebook.`);
  return source;
}

export interface SourceEdit {
  title?: string;
  byline?: string | null;
  publishedAt?: string | null;
  url?: string | null;
}

/** The analyst's corrections to metadata; the text itself never changes. */
export function updateSource(db: Database, id: number, edit: SourceEdit): SourceDetail {
  db.transaction(() => {
    requireSource(db, id);
    const columns: Array<[string, unknown]> = [];
    if (edit.title !== undefined) columns.push(['title', edit.title]);
    if (edit.byline !== undefined) columns.push(['byline', edit.byline]);
    if (edit.publishedAt !== undefined) columns.push(['published_at', edit.publishedAt]);
    if (edit.url !== undefined) columns.push(['url', edit.url]);
    if (columns.length === 0) return;
    const set = columns.map(([c]) => `${c} = ?`).join(', ');
    db.prepare(`UPDATE sources SET ${set}, updated_at = ? WHERE id = ?`).run(
      ...columns.map(([, v]) => v),
      new Date().toISOString(),
      id,
    );
  })();
  return requireSource(db, id);
}

const MIME_OF_KIND: Record<SourceKind, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The bytes the source was imported from, for provenance. */
export function getOriginal(db: Database, id: number): { fileName: string; mimeType: string; bytes: Buffer } {
  const row = stmt(
    db,
    'SELECT s.file_name, s.kind, b.bytes FROM sources s JOIN blobs b ON b.hash = s.blob_hash WHERE s.id = ?',
  ).get(id) as { file_name: string | null; kind: SourceKind; bytes: Buffer } | undefined;
  if (!row) {
    requireSource(db, id);
    throw new CasebookError('not_found', `Source ${id} has no original file (it was dropped as text).`);
  }
  return { fileName: row.file_name ?? `source-${id}.${row.kind}`, mimeType: MIME_OF_KIND[row.kind], bytes: row.bytes };
}
