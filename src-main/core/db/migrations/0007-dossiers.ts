import type { Migration } from '../migrate';

/**
 * Dossiers get the analyst's name for the cover page and a revision, so a
 * save made from a stale copy is refused instead of overwriting newer work
 * (as notes do since 0006).
 */
export const migration0007: Migration = {
  version: 7,
  name: 'dossier analyst and revisions',
  sql: /* sql */ `
ALTER TABLE dossiers ADD COLUMN analyst TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- The dossiers list: live ones, most recently edited first.
CREATE INDEX dossiers_updated ON dossiers(deleted_at, updated_at DESC);
`,
};
