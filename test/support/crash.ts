import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openNotebook } from '../../src-main/core/db/notebook';
import { contentHash } from '../../src-main/core/sources/normalize';
import { REPO_ROOT } from './tmp';

/*
 * Crash rounds: the browser-mode app (the same core, API and server the UI
 * talks to) is killed with SIGKILL at a random moment while a batch imports,
 * a note is being saved over and over and a dossier exports; then the notebook
 * must pass SQLite's and FTS5's integrity checks, hold no partial source, and
 * hold every note save the app acknowledged (what the UI shows as "Saved").
 * Shared by the test (few, short rounds) and `npm run soak` (many, longer).
 */

const CLI = join(REPO_ROOT, 'src-main', 'cli', 'main.ts');

/** A seeded generator, so a failing round can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

interface Server {
  child: ChildProcess;
  url: URL;
  token: string;
  exited: Promise<void>;
}

async function startServer(notebook: string): Promise<Server> {
  // Node with tsx's loader in one process, so SIGKILL reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'web', '--notebook', notebook, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it started: ${stderr}`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  const parsed = new URL(url);
  return { child, url: parsed, token: parsed.searchParams.get('token')!, exited };
}

async function call<T>(server: Server, method: string, input: unknown): Promise<T> {
  const res = await fetch(new URL(`/api/${method}`, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-casebook-token': server.token },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value as T;
}

const paragraph = (text: string) => ({
  type: 'paragraph',
  version: 1,
  direction: null,
  format: '',
  indent: 0,
  children: [{ type: 'text', version: 1, text, detail: 0, format: 0, mode: 'normal', style: '' }],
});
const noteContent = (lines: string[]): string =>
  JSON.stringify({
    root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: lines.map(paragraph) },
  });

/** An acknowledged save: the app said this revision of the note holds this line. */
interface Ack {
  noteId: number;
  revision: number;
  marker: string;
}

export interface RoundReport {
  round: number;
  killedAfterMs: number;
  acknowledgedSaves: number;
  sources: number;
  exports: number;
}

/** A folder of `n` small articles for round `round`, each ending in a line the checks look for. */
function writeBatch(dir: string, round: number, n: number): string {
  const folder = join(dir, `batch-${round}`);
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < n; i++) {
    const body = Array.from(
      { length: 30 },
      (_, k) => `Round ${round} file ${i} paragraph ${k} mentions item ${round * 1000 + i * 31 + k}.`,
    ).join('\n\n');
    writeFileSync(join(folder, `r${round}-f${i}.txt`), `date 2025-03-0${1 + (i % 9)} ${body}\n\nEnd of file.`);
  }
  return folder;
}

/**
 * One round: start the app on `notebook`, import a fresh batch, save a note
 * again and again and export a dossier to PDF, kill the app after a random
 * delay, then check the notebook. Throws on the first broken promise.
 */
export async function crashRound(
  dir: string,
  notebook: string,
  round: number,
  random: () => number,
  o: {
    files: number;
    maxKillMs: number;
    /** Start the kill timer only once the batch is in and one export is written, so that the round surely did work. */
    settle?: boolean;
  },
  acks: Ack[],
): Promise<RoundReport> {
  const server = await startServer(notebook);
  const killedAfterMs = Math.round(50 + random() * o.maxKillMs);
  let alive = true;
  const work: Promise<unknown>[] = [];
  // Failures after the kill are expected (the server is gone); before it, they are bugs.
  const guard = (p: Promise<unknown>): Promise<unknown> =>
    p.catch((err: unknown) => {
      if (alive) throw err;
    });

  const imported = call(server, 'sources.importPaths', { paths: [writeBatch(dir, round, o.files)] });
  work.push(guard(imported));
  let exported!: () => void;
  const firstExport = new Promise<void>((resolve) => (exported = resolve));
  work.push(
    guard(
      (async () => {
        const notes = await call<{ items: Array<{ noteId: number }> }>(server, 'notes.list', { offset: 0, limit: 1 });
        let noteId = notes.items[0]?.noteId;
        if (noteId === undefined) noteId = (await call<{ noteId: number }>(server, 'notes.create', {})).noteId;
        let { revision } = await call<{ revision: number }>(server, 'notes.get', { noteId });
        for (let k = 0; alive; k++) {
          const marker = `round ${round} save ${k}`;
          const saved = await call<{ revision: number }>(server, 'notes.save', {
            noteId,
            revision,
            content: noteContent([`Crash-test note`, marker, 'x'.repeat(Math.floor(random() * 5000))]),
          });
          revision = saved.revision;
          if (alive) acks.push({ noteId, revision, marker });
        }
      })(),
    ),
  );
  work.push(
    guard(
      (async () => {
        const list = await call<Array<{ id: number }>>(server, 'dossiers.list', {});
        const dossierId =
          list[0]?.id ?? (await call<{ id: number }>(server, 'dossiers.create', { title: 'Crash-test dossier' })).id;
        while (alive) {
          await call(server, 'dossiers.export', { dossierId, format: 'pdf', force: true });
          exported();
        }
      })(),
    ),
  );

  if (o.settle) await Promise.all([imported, firstExport]);
  await new Promise((resolve) => setTimeout(resolve, killedAfterMs));
  alive = false;
  server.child.kill('SIGKILL');
  await server.exited;
  await Promise.all(work);
  return { round, killedAfterMs, acknowledgedSaves: acks.length, ...checkNotebook(notebook, acks) };
}

/** The promises a killed app must have kept. */
export function checkNotebook(notebook: string, acks: Ack[]): { sources: number; exports: number } {
  const nb = openNotebook(notebook);
  try {
    const { db } = nb;
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity_check: ${String(integrity)}`);
    const fts = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5(%'")
      .all() as Array<{ name: string }>;
    for (const { name } of fts) db.prepare(`INSERT INTO ${name}(${name}, rank) VALUES ('integrity-check', 1)`).run();

    const sources = db.prepare('SELECT id, text, content_hash, blob_hash FROM sources').all() as Array<{
      id: number;
      text: string;
      content_hash: string;
      blob_hash: string;
    }>;
    const hasBlob = db.prepare('SELECT 1 FROM blobs WHERE hash = ?');
    for (const s of sources) {
      if (contentHash(s.text) !== s.content_hash || !s.text.endsWith('End of file.'))
        throw new Error(`source ${s.id} is partial`);
      if (!hasBlob.get(s.blob_hash)) throw new Error(`source ${s.id} has no original`);
    }
    const { n } = db.prepare('SELECT count(*) AS n FROM sources_fts_docsize').get() as { n: number };
    if (n !== sources.length) throw new Error(`${sources.length} sources but ${n} indexed`);

    const note = db.prepare('SELECT revision, text FROM notes WHERE id = ?');
    for (const a of acks) {
      const row = note.get(a.noteId) as { revision: number; text: string } | undefined;
      if (!row) throw new Error(`note ${a.noteId} is gone`);
      if (row.revision < a.revision)
        throw new Error(`note ${a.noteId} lost revision ${a.revision} (has ${row.revision})`);
      if (row.revision === a.revision && !row.text.includes(a.marker))
        throw new Error(`note ${a.noteId} revision ${a.revision} does not hold "${a.marker}"`);
    }

    // Exports are written to a temporary name and renamed: whatever carries a final name is whole.
    const exportsDir = join(notebook, '..', 'Exports');
    const pdfs = existsSync(exportsDir) ? readdirSync(exportsDir).filter((f) => f.endsWith('.pdf')) : [];
    for (const f of pdfs) {
      const tail = readFileSync(join(exportsDir, f)).subarray(-32).toString('latin1');
      if (!tail.includes('%%EOF')) throw new Error(`export ${f} is partial`);
    }
    return { sources: sources.length, exports: pdfs.length };
  } finally {
    nb.close();
  }
}
