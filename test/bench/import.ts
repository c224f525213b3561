import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSession } from '../../src-main/api/session';
import { REPO_ROOT } from '../support/tmp';
import { article } from './corpus';
import { htmlPage } from './html-pages';
import { mb, type Row } from './table';

function fresh(file: string): string {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  return file;
}

function writeFiles(folder: string, n: number, make: (i: number) => { name: string; text: string }): string[] {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = make(i);
    const p = join(folder, a.name);
    writeFileSync(p, a.text);
    paths.push(p);
  }
  return paths;
}

/**
 * The floor an importer can reach: read each file, insert its text into a
 * table with the same FTS5 index, one transaction per file (each file must be
 * atomic), in the same WAL settings as a notebook.
 */
function rawInsert(dbFile: string, paths: string[]): number {
  const db = new BetterSqlite3(fresh(dbFile));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
    CREATE VIRTUAL TABLE t_fts USING fts5(text, content='t', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN INSERT INTO t_fts(rowid, text) VALUES (new.id, new.text); END;`);
  const insert = db.prepare('INSERT INTO t (text) VALUES (?)');
  const one = db.transaction((text: string) => insert.run(text));
  const t0 = performance.now();
  for (const p of paths) one(readFileSync(p, 'utf8'));
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return paths.length / seconds;
}

async function pipeline(
  dbFile: string,
  paths: string[],
  sampleEvery = 0,
): Promise<{ rate: number; workers: number; rss: number[] }> {
  const session = openSession(fresh(dbFile), join(REPO_ROOT, 'resources'));
  const rss: number[] = [];
  try {
    const t0 = performance.now();
    const { results } = await session.importer().run(
      paths.map((p) => ({ file: p, path: p })),
      {
        origin: 'cli',
        onProgress: ({ done }) => {
          if (sampleEvery && done % sampleEvery === 0) rss.push(process.memoryUsage().rss);
        },
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    const bad = results.find((r) => r.status !== 'imported');
    if (bad) throw new Error(`${bad.file}: ${bad.status} ${bad.error?.message ?? ''}`);
    return { rate: paths.length / seconds, workers: session.importer().workers, rss };
  } finally {
    await session.close();
  }
}

export async function benchImport(dir: string, nText: number, nHtml: number): Promise<Row[]> {
  const rows: Row[] = [];
  const texts = writeFiles(join(dir, 'text-files'), nText, article);
  const raw = rawInsert(join(dir, 'raw.sqlite'), texts);
  rows.push({
    measure: 'raw better-sqlite3 + FTS5 insert',
    n: nText,
    p50: '',
    p95: '',
    note: `${raw.toFixed(0)} files/s (read + insert, a transaction per file)`,
  });
  const text = await pipeline(join(dir, 'text.casebook'), texts, 500);
  rows.push({
    measure: 'import text articles',
    n: nText,
    p50: '',
    p95: '',
    note: `${text.rate.toFixed(0)} files/s with ${text.workers} workers: ${(raw / text.rate).toFixed(2)}× the raw insert's time`,
  });
  const warm = text.rss[Math.min(1, text.rss.length - 1)] ?? 0;
  const peak = Math.max(...text.rss);
  const last = text.rss[text.rss.length - 1] ?? 0;
  rows.push({
    measure: 'memory over the text batch',
    n: nText,
    p50: '',
    p95: '',
    note: `RSS after 1,000 files ${mb(warm)}, peak ${mb(peak)}, at the end ${mb(last)} (growth ${(((last - warm) / warm) * 100).toFixed(0)}%)`,
  });

  const pages = writeFiles(join(dir, 'html-files'), nHtml, (i) => ({ name: `page-${i}.html`, text: htmlPage(i) }));
  const avg = pages.reduce((sum, p) => sum + readFileSync(p).byteLength, 0) / pages.length;
  const html = await pipeline(join(dir, 'html.casebook'), pages);
  rows.push({
    measure: 'import HTML pages',
    n: nHtml,
    p50: '',
    p95: '',
    note: `${html.rate.toFixed(1)} pages/s with ${html.workers} workers = ${(html.rate / html.workers).toFixed(1)} pages/s per core; pages average ${(avg / 1024).toFixed(0)} KB`,
  });
  return rows;
}
