/**
 * npm run bench: builds a 100,000-source notebook through the real import
 * pipeline and measures what an analyst feels. Prints a table; compare the
 * numbers within one run (these machines are noisy).
 *
 *   CASEBOOK_BENCH_SOURCES=20000 npm run bench   (a smaller notebook)
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../../src-main/api/session';
import { importBytes } from '../../src-main/core/sources/import';
import { REPO_ROOT } from '../support/tmp';
import { article } from './corpus';
import { libraryScroll } from './library-scroll';

const N = Number(process.env.CASEBOOK_BENCH_SOURCES ?? 100_000);
const dir = join(tmpdir(), 'casebook-bench');
const file = join(dir, `library-${N}.casebook`);

interface Row {
  measure: string;
  n: number;
  p50: string;
  p95: string;
  note: string;
}
const rows: Row[] = [];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function timeAll(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

function record(measure: string, times: number[], note = ''): void {
  rows.push({
    measure,
    n: times.length,
    p50: quantile(times, 0.5).toFixed(2),
    p95: quantile(times, 0.95).toFixed(2),
    note,
  });
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  const session = openSession(file, join(REPO_ROOT, 'resources'));
  const nb = session.notebook();

  // Import through the same path as `casebook import` (decode, canonicalize, hash, dedup, store, FTS).
  const encoder = new TextEncoder();
  const t0 = performance.now();
  const batch = 1000;
  for (let start = 0; start < N; start += batch) {
    nb.db.transaction(() => {
      for (let i = start; i < Math.min(N, start + batch); i++) {
        const a = article(i);
        const r = importBytes(nb, { file: a.name, bytes: encoder.encode(a.text) });
        if (r.status !== 'imported') throw new Error(`${a.name}: ${r.status} ${r.error?.message ?? ''}`);
      }
    })();
  }
  const importSeconds = (performance.now() - t0) / 1000;
  rows.push({
    measure: 'import (batched)',
    n: N,
    p50: '',
    p95: '',
    note: `${(N / importSeconds).toFixed(0)} sources/s, ${importSeconds.toFixed(1)} s total`,
  });

  const pages = await timeAll(200, (i) =>
    session.router('sources.list', { offset: Math.floor((i / 200) * (N - 200)), limit: 200 }),
  );
  record('library page (200 rows), any offset', pages, 'ms, via the contract router');
  const deep = await timeAll(50, () => session.router('sources.list', { offset: N - 200, limit: 200 }));
  record('library page, last rows', deep, 'ms');
  const open = await timeAll(200, (i) => session.router('sources.get', { sourceId: 1 + ((i * 7919) % N) }));
  record('open a source', open, 'ms');

  const scroll = await libraryScroll(session);
  rows.push(...scroll);
  session.close();

  console.log(`\nCasebook bench: ${N.toLocaleString('en')} sources (${file})\n`);
  console.table(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
