import type { Database } from 'better-sqlite3';
import type { Extracted, SourceDetail, SourceKind, SourcePage, SourceSummary } from './types';

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
  imported_at: string;
  updated_at: string;
}

type DbSourceSummary = Pick<DbSource, 'id' | 'title' | 'published_at' | 'kind' | 'imported_at'>;

function toSummary(row: DbSourceSummary): SourceSummary {
  return {
    sourceId: row.id,
    title: row.title,
    publishedAt: row.published_at,
    kind: row.kind,
    importedAt: row.imported_at,
  };
}

export function findSourceByHash(db: Database, hash: string): DbSourceSummary | undefined {
  return db
    .prepare('SELECT id, title, published_at, kind, imported_at FROM sources WHERE content_hash = ?')
    .get(hash) as DbSourceSummary | undefined;
}

export interface NewSource extends Extracted {
  contentHash: string;
  fileName: string | null;
  bytes: Uint8Array | null;
  bytesHash: string | null;
  lang: string | null;
}

/** Stores the original bytes and the source in one transaction; returns the id. */
export function insertSource(db: Database, s: NewSource): number {
  return db.transaction(() => {
    const now = new Date().toISOString();
    if (s.bytes && s.bytesHash) {
      db.prepare('INSERT OR IGNORE INTO blobs (hash, size, bytes) VALUES (?, ?, ?)').run(
        s.bytesHash,
        s.bytes.byteLength,
        Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength),
      );
    }
    const info = db
      .prepare(
        `INSERT INTO sources (title, byline, published_at, url, lang, kind, file_name, blob_hash,
           extractor, text, content_hash, imported_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.title,
        s.byline,
        s.publishedAt,
        s.url,
        s.lang,
        s.kind,
        s.fileName,
        s.bytes ? s.bytesHash : null,
        s.extractor,
        s.text,
        s.contentHash,
        now,
        now,
      );
    return Number(info.lastInsertRowid);
  })();
}

/** Newest first: what an analyst just dropped is at the top. */
export function listSources(db: Database, offset: number, limit: number): SourcePage {
  const total = (db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n;
  const rows = db
    .prepare('SELECT id, title, published_at, kind, imported_at FROM sources ORDER BY id DESC LIMIT ? OFFSET ?')
    .all(limit, offset) as DbSourceSummary[];
  return { total, offset, items: rows.map(toSummary) };
}

export function getSource(db: Database, id: number): SourceDetail | undefined {
  const row = db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as DbSource | undefined;
  if (!row) return undefined;
  return {
    sourceId: row.id,
    title: row.title,
    byline: row.byline,
    publishedAt: row.published_at,
    url: row.url,
    lang: row.lang,
    kind: row.kind,
    fileName: row.file_name,
    importedAt: row.imported_at,
    text: row.text,
  };
}
