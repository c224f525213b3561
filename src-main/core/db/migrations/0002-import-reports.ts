import type { Migration } from '../migrate';

/**
 * Batches leave a report; sources keep where their headings and pages fall and
 * a MinHash signature, indexed by LSH bands, to flag near-duplicates.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'import reports, source layout, near-duplicate index',
  sql: /* sql */ `
ALTER TABLE sources ADD COLUMN layout TEXT NOT NULL DEFAULT '{"headings":[],"pages":[]}';
ALTER TABLE sources ADD COLUMN minhash BLOB;

-- The Library pages through sources newest first; this index lets it skip rows
-- without reading the table's pages, which hold whole texts.
CREATE INDEX sources_library ON sources(id DESC);

CREATE TABLE source_minhash_bands (
  band INTEGER NOT NULL,
  hash INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  PRIMARY KEY (band, hash, source_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX source_minhash_bands_source ON source_minhash_bands(source_id);

CREATE TABLE import_reports (
  id INTEGER PRIMARY KEY,
  job_key TEXT UNIQUE,              -- the caller's job id: several calls can feed one report
  origin TEXT NOT NULL,             -- 'app' or 'cli'
  started_at TEXT NOT NULL,
  finished_at TEXT,
  imported INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  cancelled_files INTEGER NOT NULL DEFAULT 0,  -- never started because the import was cancelled
  cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1))
) STRICT;

CREATE TABLE import_report_items (
  report_id INTEGER NOT NULL REFERENCES import_reports(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  file TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('imported', 'duplicate', 'failed')),
  source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  kind TEXT,
  title TEXT,
  published_at TEXT,
  error_code TEXT,
  error_message TEXT,
  PRIMARY KEY (report_id, seq)
) STRICT, WITHOUT ROWID;
`,
};
