import BetterSqlite3 from 'better-sqlite3';
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openNotebook, type Notebook } from '../../src-main/core/db/notebook';
import { Importer } from '../../src-main/core/sources/import';
import { REPO_ROOT } from '../support/tmp';
import { article } from './corpus';
import { htmlPage } from './html-pages';
import { mb, type Row } from './table';

/** CPU seconds so far: the whole process (all threads), and its main thread where Linux tells it. */
function cpu(): { all: number; main: number | null } {
  const { user, system } = process.cpuUsage();
  let main: number | null = null;
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    main = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    // not Linux: the process total only
  }
  return { all: (user + system) / 1e6, main };
}

/**
 * CPU per file over a span: what the machine's other load cannot inflate as
 * much as wall time (these machines are shared), so ratios can be checked.
 */
function cpuNote(before: ReturnType<typeof cpu>, n: number): string {
  const after = cpu();
  const ms = (s: number): string => ((s * 1000) / n).toFixed(2);
  const main = before.main !== null && after.main !== null ? `, main thread ${ms(after.main - before.main)}` : '';
  return `CPU ${ms(after.all - before.all)} ms a file${main}`;
}

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
function rawInsert(dbFile: string, paths: string[]): { rate: number; cpu: string } {
  const db = new BetterSqlite3(fresh(dbFile));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
    CREATE VIRTUAL TABLE t_fts USING fts5(text, content='t', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN INSERT INTO t_fts(rowid, text) VALUES (new.id, new.text); END;`);
  const insert = db.prepare('INSERT INTO t (text) VALUES (?)');
  const one = db.transaction((text: string) => insert.run(text));
  const c0 = cpu();
  const t0 = performance.now();
  for (const p of paths) one(readFileSync(p, 'utf8'));
  const seconds = (performance.now() - t0) / 1000;
  const note = cpuNote(c0, paths.length);
  db.close();
  return { rate: paths.length / seconds, cpu: note };
}

/**
 * The import worker as the app runs it: bundled, with its dependencies left
 * in node_modules (as electron-vite builds out/main/extract-worker.js), not
 * TypeScript compiled on the fly by tsx in each worker as `npm run cli` does.
 * Built here so that it is never stale; it lands inside node_modules so that
 * its imports resolve.
 */
async function bundledWorker(): Promise<URL> {
  const outdir = join(REPO_ROOT, 'node_modules', '.cache', 'casebook-bench-worker');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [join(REPO_ROOT, 'src-main/core/sources/worker/extract-worker.ts')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return pathToFileURL(join(outdir, 'extract-worker.mjs'));
}

/** One importer, as a session holds one: its workers outlive a batch. */
class Bench {
  private notebook: Notebook | null = null;
  readonly importer: Importer;

  constructor(workerUrl: URL) {
    this.importer = new Importer(() => this.notebook!, { workerUrl });
  }

  open(file: string): void {
    this.notebook?.close();
    this.notebook = openNotebook(fresh(file));
  }

  async run(paths: string[], sampleEvery = 0): Promise<{ seconds: number; rss: number[]; cpu: string }> {
    const rss: number[] = [];
    const c0 = cpu();
    const t0 = performance.now();
    const { results } = await this.importer.run(
      paths.map((p) => ({ file: p, path: p })),
      {
        origin: 'cli',
        onProgress: ({ done }) => {
          if (sampleEvery && done % sampleEvery === 0) rss.push(process.memoryUsage().rss);
        },
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    const note = cpuNote(c0, paths.length);
    const bad = results.find((r) => r.status !== 'imported');
    if (bad) throw new Error(`${bad.file}: ${bad.status} ${bad.error?.message ?? ''}`);
    return { seconds, rss, cpu: note };
  }

  async close(): Promise<void> {
    await this.importer.close();
    this.notebook?.close();
  }
}

export async function benchImport(dir: string, nText: number, nHtml: number): Promise<Row[]> {
  const rows: Row[] = [];
  const texts = writeFiles(join(dir, 'text-files'), nText, article);
  const pages = writeFiles(join(dir, 'html-files'), nHtml, (i) => ({ name: `page-${i}.html`, text: htmlPage(i) }));
  const warmUp = writeFiles(join(dir, 'warm-up'), 8, (i) =>
    i % 2 ? { name: `page-${i}.html`, text: htmlPage(nHtml + i) } : article(nText + i),
  );

  const bench = new Bench(await bundledWorker());
  try {
    // The first import of a session starts the workers and loads the extractors;
    // the app keeps them for the session, so batches after it start warm.
    bench.open(join(dir, 'warm-up.casebook'));
    const startup = await bench.run(warmUp);
    const workers = bench.importer.workers;
    rows.push({
      measure: 'import worker start-up',
      n: warmUp.length,
      p50: '',
      p95: '',
      note: `${(startup.seconds * 1000).toFixed(0)} ms to start ${workers} bundled workers and import ${warmUp.length} files (first import of a session only; not in the rates below)`,
    });

    // Raw before and after: the machine's load drifts, the pair shows by how much.
    const rawBefore = rawInsert(join(dir, 'raw.sqlite'), texts);
    bench.open(join(dir, 'text.casebook'));
    const text = await bench.run(texts, 500);
    const rawAfter = rawInsert(join(dir, 'raw.sqlite'), texts);
    const raw = (rawBefore.rate + rawAfter.rate) / 2;
    const textRate = texts.length / text.seconds;
    rows.push({
      measure: 'raw better-sqlite3 + FTS5 insert',
      n: nText,
      p50: '',
      p95: '',
      note: `${raw.toFixed(0)} files/s (read + insert, a transaction per file; ${rawBefore.rate.toFixed(0)} before, ${rawAfter.rate.toFixed(0)} after the import); ${rawBefore.cpu}`,
    });
    rows.push({
      measure: 'import text articles',
      n: nText,
      p50: '',
      p95: '',
      note: `${textRate.toFixed(0)} files/s with ${workers} workers: ${(raw / textRate).toFixed(2)}× the raw insert's time; ${text.cpu} (all threads)`,
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

    const avg = pages.reduce((sum, p) => sum + readFileSync(p).byteLength, 0) / pages.length;
    bench.open(join(dir, 'html.casebook'));
    const html = await bench.run(pages);
    const htmlRate = pages.length / html.seconds;
    rows.push({
      measure: 'import HTML pages',
      n: nHtml,
      p50: '',
      p95: '',
      note: `${htmlRate.toFixed(1)} pages/s with ${workers} workers = ${(htmlRate / workers).toFixed(1)} pages/s per core; pages average ${(avg / 1024).toFixed(0)} KB; ${html.cpu.replace('a file', 'a page')} (all threads)`,
    });
  } finally {
    await bench.close();
  }
  return rows;
}
