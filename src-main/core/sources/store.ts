import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import type { ErrorInfo } from '../errors';
import { bandHashes, NEAR_DUPLICATE, similarity } from './minhash';
import { bytesHash } from './normalize';
import type { Prepared } from './prepare';
import type { ImportResult } from './types';

/** Finds the most similar earlier source through the LSH bands, if similar enough. */
function findNearDuplicate(db: Database, sig: Uint32Array, bands: number[]): number | null {
  const candidates = new Set<number>();
  const byBand = stmt(db, 'SELECT source_id FROM source_minhash_bands WHERE band = ? AND hash = ?');
  bands.forEach((hash, band) => {
    for (const row of byBand.all(band, hash) as { source_id: number }[]) candidates.add(row.source_id);
  });
  let best: { id: number; score: number } | null = null;
  const sigOf = stmt(db, 'SELECT minhash FROM sources WHERE id = ?');
  for (const id of candidates) {
    const row = sigOf.get(id) as { minhash: Buffer | null } | undefined;
    if (!row?.minhash) continue;
    const other = new Uint32Array(
      row.minhash.buffer.slice(row.minhash.byteOffset, row.minhash.byteOffset + row.minhash.byteLength),
    );
    const score = similarity(sig, other);
    if (score >= NEAR_DUPLICATE && (!best || score > best.score)) best = { id, score };
  }
  return best?.id ?? null;
}

export interface StoreOptions {
  file: string;
  fileName: string;
  bytes: Uint8Array;
  reportId: number;
  seq: number;
}

function recordItem(db: Database, o: { reportId: number; seq: number }, r: ImportResult): void {
  stmt(
    db,
    `INSERT INTO import_report_items
       (report_id, seq, file, status, source_id, kind, title, published_at, error_code, error_message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    o.reportId,
    o.seq,
    r.file,
    r.status,
    r.sourceId,
    r.kind,
    r.title,
    r.publishedAt,
    r.error?.code ?? null,
    r.error?.message ?? null,
  );
  const column =
    r.status === 'imported'
      ? 'imported'
      : r.status === 'duplicate'
        ? 'duplicates'
        : r.error?.code === 'cancelled'
          ? 'cancelled_files'
          : 'failed';
  stmt(db, `UPDATE import_reports SET ${column} = ${column} + 1 WHERE id = ?`).run(o.reportId);
}

/**
 * Writes one prepared file: the duplicate check, the original bytes, the
 * source (and through triggers its search rows), its near-duplicate bands and
 * its line in the report, all in one transaction, so a crash leaves either
 * the whole source or nothing.
 */
export function storePrepared(db: Database, p: Prepared, o: StoreOptions): ImportResult {
  return db.transaction((): ImportResult => {
    const existing = stmt(db, 'SELECT id, title, published_at, kind FROM sources WHERE content_hash = ?').get(
      p.contentHash,
    ) as { id: number; title: string; published_at: string | null; kind: Prepared['kind'] } | undefined;
    if (existing) {
      const dup: ImportResult = {
        file: o.file,
        status: 'duplicate',
        sourceId: existing.id,
        title: existing.title,
        publishedAt: existing.published_at,
        kind: existing.kind,
        error: null,
      };
      recordItem(db, o, dup);
      return dup;
    }
    const blobHash = bytesHash(o.bytes);
    stmt(db, 'INSERT OR IGNORE INTO blobs (hash, size, bytes) VALUES (?, ?, ?)').run(
      blobHash,
      o.bytes.byteLength,
      Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength),
    );
    const bands = p.minhash ? bandHashes(p.minhash) : [];
    const nearDuplicateOf = p.minhash ? findNearDuplicate(db, p.minhash, bands) : null;
    const now = new Date().toISOString();
    const info = stmt(
      db,
      `INSERT INTO sources (title, byline, published_at, url, lang, kind, file_name, blob_hash, extractor, text,
         content_hash, near_duplicate_of, layout, minhash, imported_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      p.title,
      p.byline,
      p.publishedAt,
      p.url,
      p.lang,
      p.kind,
      o.fileName,
      blobHash,
      p.extractor,
      p.text,
      p.contentHash,
      nearDuplicateOf,
      JSON.stringify(p.layout),
      p.minhash ? Buffer.from(p.minhash.buffer, p.minhash.byteOffset, p.minhash.byteLength) : null,
      now,
      now,
    );
    const sourceId = Number(info.lastInsertRowid);
    const addBand = stmt(db, 'INSERT OR IGNORE INTO source_minhash_bands (band, hash, source_id) VALUES (?, ?, ?)');
    bands.forEach((hash, band) => addBand.run(band, hash, sourceId));
    const result: ImportResult = {
      file: o.file,
      status: 'imported',
      sourceId,
      title: p.title,
      publishedAt: p.publishedAt,
      kind: p.kind,
      error: null,
    };
    recordItem(db, o, result);
    return result;
  })();
}

export function storeFailure(
  db: Database,
  error: ErrorInfo,
  o: { file: string; reportId: number; seq: number },
): ImportResult {
  const result: ImportResult = {
    file: o.file,
    status: 'failed',
    sourceId: null,
    title: null,
    publishedAt: null,
    kind: null,
    error,
  };
  db.transaction(() => recordItem(db, o, result))();
  return result;
}
