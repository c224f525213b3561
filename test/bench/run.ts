/**
 * npm run bench [-- library|import ...]: measures what an analyst feels, on
 * notebooks built through the real code, and prints a table. Compare numbers
 * within one run (these machines are noisy).
 *
 *   CASEBOOK_BENCH_SOURCES   Library size (default 100,000)
 *   CASEBOOK_BENCH_FILES     text files in the import batch (default 10,000)
 *   CASEBOOK_BENCH_PAGES     HTML pages of ~200 KB (default 300)
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchImport } from './import';
import { benchLibrary } from './library';
import type { Row } from './table';

const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const want = (name: string): boolean => wanted.length === 0 || wanted.includes(name);
  const dir = join(tmpdir(), 'casebook-bench');
  mkdirSync(dir, { recursive: true });
  const rows: Row[] = [];
  if (want('import'))
    rows.push(...(await benchImport(dir, num('CASEBOOK_BENCH_FILES', 10_000), num('CASEBOOK_BENCH_PAGES', 300))));
  if (want('library')) rows.push(...(await benchLibrary(dir, num('CASEBOOK_BENCH_SOURCES', 100_000))));
  console.log(`\nCasebook bench (${new Date().toISOString()}, files in ${dir})\n`);
  console.table(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
