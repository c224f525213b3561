/**
 * npm run bench [-- library|import|suggestions|search|entities|notes|dossier ...]: measures what an analyst feels, on
 * notebooks built through the real code, and prints a table. Compare numbers
 * within one run (these machines are noisy).
 *
 *   CASEBOOK_BENCH_SOURCES   Library size (default 100,000)
 *   CASEBOOK_BENCH_SEARCH_SOURCES  sources searched, and their texts for ripgrep (default 100,000)
 *   CASEBOOK_BENCH_FILES     text files in the import batch (default 10,000)
 *   CASEBOOK_BENCH_PAGES     HTML pages of ~200 KB (default 500)
 *   CASEBOOK_BENCH_ENTITIES  known entities for the suggestion scan (default 10,000)
 *   CASEBOOK_BENCH_ARTICLES  articles the suggestion scan reads (default 10,000)
 *   CASEBOOK_BENCH_NOTE_PARAGRAPHS / _MENTIONS  the long note typed in (default 5,000 / 1,000)
 *   CASEBOOK_BENCH_ENTITY_PASSAGES  passages of the entity whose page is timed (default 5,000)
 *   CASEBOOK_BENCH_ENTITY_SOURCES   sources they are spread over (default 2,500)
 *   CASEBOOK_BENCH_OTHER_ENTITIES   other entities sharing those sources (default 3,000)
 *   CASEBOOK_BENCH_DOSSIER_QUOTES   quotes in the exported dossier (default 2,400: about 300 pages)
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDossier } from './dossier';
import { benchEntities } from './entities';
import { benchImport } from './import';
import { benchLibrary } from './library';
import { benchNotes } from './notes';
import { benchSearch } from './search';
import { benchSuggestions } from './suggestions';
import type { Row } from './table';

const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const want = (name: string): boolean => wanted.length === 0 || wanted.includes(name);
  const dir = join(tmpdir(), 'casebook-bench');
  mkdirSync(dir, { recursive: true });
  const rows: Row[] = [];
  if (want('import'))
    rows.push(...(await benchImport(dir, num('CASEBOOK_BENCH_FILES', 10_000), num('CASEBOOK_BENCH_PAGES', 500))));
  if (want('library')) rows.push(...(await benchLibrary(dir, num('CASEBOOK_BENCH_SOURCES', 100_000))));
  if (want('search')) rows.push(...(await benchSearch(dir, num('CASEBOOK_BENCH_SEARCH_SOURCES', 100_000))));
  if (want('suggestions'))
    rows.push(
      ...(await benchSuggestions(dir, num('CASEBOOK_BENCH_ENTITIES', 10_000), num('CASEBOOK_BENCH_ARTICLES', 10_000))),
    );
  if (want('entities'))
    rows.push(
      ...(await benchEntities(
        dir,
        num('CASEBOOK_BENCH_ENTITY_PASSAGES', 5_000),
        num('CASEBOOK_BENCH_ENTITY_SOURCES', 2_500),
        num('CASEBOOK_BENCH_OTHER_ENTITIES', 3_000),
      )),
    );
  if (want('notes'))
    rows.push(
      ...(await benchNotes(
        dir,
        num('CASEBOOK_BENCH_NOTE_PARAGRAPHS', 5000),
        num('CASEBOOK_BENCH_NOTE_MENTIONS', 1000),
      )),
    );
  if (want('dossier')) rows.push(...(await benchDossier(dir, num('CASEBOOK_BENCH_DOSSIER_QUOTES', 2400))));
  console.log(`\nCasebook bench (${new Date().toISOString()}, files in ${dir})\n`);
  console.table(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
