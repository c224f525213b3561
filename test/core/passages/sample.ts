import type { Database } from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { canonicalize } from '../../../src-main/core/sources/normalize';
import { seedSources } from '../../support/seed';
import { SAMPLE } from '../../support/tmp';

/** The sample article's text as the importer keeps it (its date line becomes the published date). */
export const SAMPLE_TEXT = canonicalize(readFileSync(SAMPLE, 'utf8').replace(/^date \S+\n/, ''));

/** Stores the sample article without the import workers (fast); returns its source id. */
export function seedSample(db: Database): number {
  const before = (db.prepare('SELECT max(id) AS id FROM sources').get() as { id: number | null }).id ?? 0;
  seedSources(db, 1, () => ({
    title: 'Russia, Pakistan natural allies',
    text: SAMPLE_TEXT,
    publishedAt: '2025-07-11',
  }));
  return before + 1;
}
