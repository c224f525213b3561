import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSession } from '../../src-main/api/session';
import { REPO_ROOT } from '../support/tmp';
import { article } from './corpus';
import { libraryScroll } from './library-scroll';
import { latencyRow, timeAll, type Row } from './table';

/**
 * A notebook of `n` news-length sources, imported through the real pipeline
 * (workers, one transaction per file), then the Library over it.
 */
export async function benchLibrary(dir: string, n: number): Promise<Row[]> {
  const file = join(dir, `library-${n}.casebook`);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  const session = openSession(file, join(REPO_ROOT, 'resources'));
  const rows: Row[] = [];
  try {
    const encoder = new TextEncoder();
    const t0 = performance.now();
    const CHUNK = 5000;
    for (let start = 0; start < n; start += CHUNK) {
      const inputs = [];
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const a = article(i);
        inputs.push({ file: a.name, bytes: encoder.encode(a.text) });
      }
      const { results } = await session.importer().run(inputs, { origin: 'cli' });
      const bad = results.find((r) => r.status !== 'imported');
      if (bad) throw new Error(`${bad.file}: ${bad.status} ${bad.error?.message ?? ''}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    rows.push({
      measure: `build a ${n.toLocaleString('en')}-source notebook`,
      n,
      p50: '',
      p95: '',
      note: `${(n / seconds).toFixed(0)} sources/s through the import pipeline, ${seconds.toFixed(0)} s`,
    });
    const pages = await timeAll(200, (i) =>
      session.router('sources.list', { offset: Math.floor((i / 200) * (n - 200)), limit: 200 }),
    );
    rows.push(latencyRow('library page (200 rows), any offset', pages, 'ms, via the contract router'));
    const deep = await timeAll(50, () => session.router('sources.list', { offset: n - 200, limit: 200 }));
    rows.push(latencyRow('library page, oldest rows', deep, 'ms'));
    const open = await timeAll(200, (i) => session.router('sources.get', { sourceId: 1 + ((i * 7919) % n) }));
    rows.push(latencyRow('open a source', open, 'ms'));
    rows.push(...(await libraryScroll(session)));
  } finally {
    await session.close();
  }
  return rows;
}
