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
  for (let band = 0; band < bands.length; band++) {
    for (const row of byBand.all(band, bands[band]) as { source_id: number }[]) candidates.add(row.source_id);
  }
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
  /** The bytes' hash when already computed (by the worker that read them). */
  bytesHash?: string;
  reportId: number;
  seq: number;
}

type TallyColumn = 'imported' | 'duplicates' | 'failed' | 'cancelled_files';

/**
 * A report's counts for files written in one transaction, added to the
 * report once, in that same transaction, rather than a row update per file.
 */
export type ReportTally = Record<TallyColumn, number>;

export const newTally = (): ReportTally => ({ imported: 0, duplicates: 0, failed: 0, cancelled_files: 0 });

export function writeTally(db: Database, reportId: number, t: ReportTally): void {
  if (t.imported + t.duplicates + t.failed + t.cancelled_files === 0) return;
  stmt(
    db,
    `UPDATE import_reports SET imported = imported + ?, duplicates = duplicates + ?, failed = failed + ?,
       cancelled_files = cancelled_files + ? WHERE id = ?`,
  ).run(t.imported, t.duplicates, t.failed, t.cancelled_files, reportId);
}

function recordItem(db: Database, o: { reportId: number; seq: number }, r: ImportResult, tally?: ReportTally): void {
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
  const column: TallyColumn =
    r.status === 'imported'
      ? 'imported'
      : r.status === 'duplicate'
        ? 'duplicates'
        : r.error?.code === 'cancelled'
          ? 'cancelled_files'
          : 'failed';
  if (tally) tally[column]++;
  else stmt(db, `UPDATE import_reports SET ${column} = ${column} + 1 WHERE id = ?`).run(o.reportId);
}

/**
 * Writes one prepared file: the duplicate check, the original bytes, the
 * source (and through triggers its search rows), its near-duplicate bands and
 * its line in the report, all in one transaction, so a crash leaves either
 * the whole source or nothing.
 */
export function storePrepared(db: Database, p: Prepared, o: StoreOptions): ImportResult {
  return db.transaction(() => writePrepared(db, p, o))();
}

/**
 * storePrepared's writes, for a caller that holds the transaction (one for
 * many files) and, should this throw part-way, rolls it back. Counts go to
 * `tally` when given, for the caller to write with `writeTally`.
 */
export function writePrepared(db: Database, p: Prepared, o: StoreOptions, tally?: ReportTally): ImportResult {
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
    recordItem(db, o, dup, tally);
    return dup;
  }
  const blobHash = o.bytesHash ?? bytesHash(o.bytes);
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
       content_hash, near_duplicate_of, layout, minhash, imported_at, updated_at, text_flags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    p.textFlags,
  );
  const sourceId = Number(info.lastInsertRowid);
  const addBand = stmt(db, 'INSERT OR IGNORE INTO source_minhash_bands (band, hash, source_id) VALUES (?, ?, ?)');
  for (let band = 0; band < bands.length; band++) addBand.run(band, bands[band], sourceId);
  const result: ImportResult = {
    file: o.file,
    status: 'imported',
    sourceId,
    title: p.title,
    publishedAt: p.publishedAt,
    kind: p.kind,
    error: null,
  };
  recordItem(db, o, result, tally);
  return result;
}

export function storeFailure(
  db: Database,
  error: ErrorInfo,
  o: { file: string; reportId: number; seq: number },
): ImportResult {
  return db.transaction(() => writeFailure(db, error, o))();
}

/** storeFailure's writes, for a caller that holds the transaction (see writePrepared). */
export function writeFailure(
  db: Database,
  error: ErrorInfo,
  o: { file: string; reportId: number; seq: number },
  tally?: ReportTally,
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
  recordItem(db, o, result, tally);
  return result;
}
