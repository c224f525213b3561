import type { Database } from 'better-sqlite3';
import { finishReport, openReport } from '../../src-main/core/sources/reports';
import { contentHash } from '../../src-main/core/sources/normalize';
import { storePrepared } from '../../src-main/core/sources/store';
import { textSearchFlags } from '../../src-main/core/search/fold';

export interface SeedSource {
  title: string;
  text: string;
  publishedAt?: string | null;
}

/**
 * Many sources, fast: stored by the real store (one transaction per source,
 * search rows by trigger) but skipping extraction, for scale tests.
 */
export function seedSources(db: Database, n: number, make: (i: number) => SeedSource): void {
  const { reportId, nextSeq } = openReport(db, 'cli', null);
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const s = make(i);
      storePrepared(
        db,
        {
          kind: 'txt',
          extractor: 'seed',
          text: s.text,
          layout: { headings: [], pages: [] },
          title: s.title,
          byline: null,
          publishedAt: s.publishedAt ?? null,
          url: null,
          lang: null,
          contentHash: contentHash(s.text),
          minhash: null,
          textFlags: textSearchFlags(s.text),
        },
        {
          file: `seed-${i}.txt`,
          fileName: `seed-${i}.txt`,
          bytes: new TextEncoder().encode(s.text),
          reportId,
          seq: nextSeq + i - 1,
        },
      );
    }
  })();
  finishReport(db, reportId, false);
}
