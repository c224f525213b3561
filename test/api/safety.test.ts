import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult, CasebookEvent } from '../../src-main/api/contract';
import { openSession, type Session } from '../../src-main/api/session';
import { backupsFolder, listBackups } from '../../src-main/core/backup/backups';
import { lockFileOf } from '../../src-main/core/db/lock';
import { openNotebook } from '../../src-main/core/db/notebook';
import { CasebookError } from '../../src-main/core/errors';
import { fixtureFile } from '../fixtures/notebooks/make';
import { crash, holdNotebook } from '../support/processes';
import { REPO_ROOT, useTempDirs } from '../support/tmp';
import type { ChildProcess } from 'node:child_process';

const tempDir = useTempDirs();
const RESOURCES = join(REPO_ROOT, 'resources');
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Whether this machine lets us mount a tmpfs in a private namespace (Linux with user namespaces, or root). */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux') return false;
  const dir = mkdtempSync(join(tmpdir(), 'casebook-ns-'));
  try {
    return spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', dir]).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sessions: Session[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  for (const c of children.splice(0)) await crash(c);
});

function start(file: string, autoBackup = false): { session: Session; events: CasebookEvent[] } {
  const session = openSession(file, RESOURCES, { autoBackup, import: { size: 1 } });
  sessions.push(session);
  const events: CasebookEvent[] = [];
  session.subscribe((e) => events.push(e));
  return { session, events };
}

async function call<T>(session: Session, method: string, input: unknown): Promise<T> {
  const r = await session.router(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const fileInput = (name: string, text: string): { name: string; dataBase64: string } => ({
  name,
  dataBase64: Buffer.from(text).toString('base64'),
});

function sourceCount(session: Session): number {
  return (session.notebook().db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n;
}

describe('backups through the contract', () => {
  it('backs up now, lists, changes settings and restores, reloading every window', async () => {
    const file = join(tempDir(), 'n.casebook');
    const { session, events } = start(file);
    await call(session, 'sources.importFiles', { files: [fileInput('one.txt', 'The first article, kept.')] });
    const backup = await call<{ backupId: string; verified: boolean }>(session, 'backups.create', {});
    expect(backup.verified).toBe(true);
    await call(session, 'sources.importFiles', { files: [fileInput('two.txt', 'The second article, after it.')] });
    expect(sourceCount(session)).toBe(2);

    expect(await call(session, 'backups.settings', { keep: 4 })).toEqual({ auto: true, intervalMinutes: 60, keep: 4 });
    expect(await call(session, 'backups.settings', {})).toEqual({ auto: true, intervalMinutes: 60, keep: 4 });
    const list = await call<{ folder: string; backups: unknown[]; settings: unknown }>(session, 'backups.list', {});
    expect(list).toEqual({
      folder: join(dirname(file), 'Backups'),
      settings: { auto: true, intervalMinutes: 60, keep: 4 },
      backups: [expect.objectContaining({ backupId: backup.backupId, kind: 'manual', verified: true })],
      lastFailure: null,
    });

    events.length = 0;
    const before = session.notebook();
    const restored = await call<{ restored: string; safetyBackup: { kind: string } }>(session, 'backups.restore', {
      backupId: backup.backupId,
    });
    expect(restored).toMatchObject({ restored: backup.backupId, safetyBackup: { kind: 'pre-restore' } });
    expect(session.notebook()).not.toBe(before);
    expect(session.notebook().file).toBe(file);
    expect(sourceCount(session)).toBe(1);
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['notebook.restored', 'sources.changed']));
    // Still this process's notebook: the lock never left it.
    expect(JSON.parse(readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ pid: process.pid });

    const missing = await session.router('backups.restore', { backupId: '../n.casebook' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('will not restore while an import is writing', async () => {
    const { session } = start(join(tempDir(), 'busy.casebook'));
    const backup = await call<{ backupId: string }>(session, 'backups.create', {});
    const importing = session.importer().run([{ file: 'x.txt', bytes: Buffer.from('Imported meanwhile.') }], {
      origin: 'app',
    });
    const r = await session.router('backups.restore', { backupId: backup.backupId });
    expect(r).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'An import is running. Restore once it is done.' },
    });
    await importing;
    expect(sourceCount(session)).toBe(1);
  });

  it('makes automatic backups when due and the notebook changed, and reports one that fails', async () => {
    const file = join(tempDir(), 'auto.casebook');
    const { session, events } = start(file, true);
    const safety = session.safety();
    const first = await safety.autoBackupIfDue();
    expect(first).toMatchObject({ kind: 'auto', verified: true });
    // Not due yet.
    expect(await safety.autoBackupIfDue()).toBeNull();
    const later = Date.now() + 61 * 60_000;
    // Due, but nothing changed.
    expect(await safety.autoBackupIfDue(later)).toBeNull();
    await call(session, 'notes.create', {});
    expect(await safety.autoBackupIfDue(later)).toMatchObject({ kind: 'auto' });
    expect(listBackups(file)).toHaveLength(2);

    // The Backups folder becomes unusable: the failure is reported, nothing is kept.
    rmSync(backupsFolder(file), { recursive: true });
    writeFileSync(backupsFolder(file), 'not a folder');
    await call(session, 'notes.create', {});
    events.length = 0;
    expect(await safety.autoBackupIfDue(later + 61 * 60_000)).toBeNull();
    expect(events).toEqual([
      { name: 'backups.changed', payload: { failure: expect.stringMatching(/Backups folder .* cannot be written/) } },
    ]);
    expect((await call<{ lastFailure: unknown }>(session, 'backups.list', {})).lastFailure).toEqual({
      at: expect.any(String),
      message: expect.stringMatching(/cannot be written/),
    });
  });

  it('makes no backup on opening a notebook unchanged since its last one', async () => {
    const file = join(tempDir(), 'same.casebook');
    const first = start(file, true).session;
    await call(first, 'notes.create', {});
    expect(await first.safety().autoBackupIfDue(Date.now() + 61 * 60_000)).not.toBeNull();
    await first.close();
    sessions.splice(sessions.indexOf(first), 1);
    const second = start(file, true).session;
    expect(await second.safety().autoBackupIfDue(Date.now() + 61 * 60_000)).toBeNull();
    expect(listBackups(file)).toHaveLength(1);
    // Changed in that session, closed before the next backup: the next opening backs it up.
    await call(second, 'notes.create', {});
    await second.close();
    sessions.splice(sessions.indexOf(second), 1);
    const { session } = start(file, true);
    expect(await session.safety().autoBackupIfDue(Date.now() + 61 * 60_000)).toMatchObject({ kind: 'auto' });
  });
});

describe('faults', () => {
  it('disk full: an import and a note save roll back and say the disk is full', async () => {
    const { session } = start(join(tempDir(), 'full.casebook'));
    const note = await call<{ noteId: number; revision: number }>(session, 'notes.create', {});
    const { db } = session.notebook();
    // The file may not grow by a single page from here: SQLite answers SQLITE_FULL, as on a full disk.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);

    const batch = await session.router('sources.importFiles', {
      files: [fileInput('big.txt', 'A long article. '.repeat(20_000))],
    });
    const failure = batch.ok
      ? (batch.value as { results: Array<{ status: string; error: { code: string; message: string } }> }).results[0]!
      : { status: 'failed', error: batch.error };
    expect(failure.status).toBe('failed');
    expect(failure.error.code).toBe('disk_full');
    expect(failure.error.message).toMatch(/disk is full/);
    expect(sourceCount(session)).toBe(0);

    const big = JSON.stringify({
      root: {
        type: 'root',
        version: 1,
        children: [
          { type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text: 'x'.repeat(200_000) }] },
        ],
      },
    });
    const saved = await session.router('notes.save', { noteId: note.noteId, revision: note.revision, content: big });
    expect(saved).toEqual({
      ok: false,
      error: { code: 'disk_full', message: expect.stringMatching(/^The disk is full: the change was not saved/) },
    });
    const after = await call<{ revision: number; content: string }>(session, 'notes.get', { noteId: note.noteId });
    expect(after.revision).toBe(note.revision);
    expect(after.content).not.toContain('xxxx');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // Space again: the same work goes through.
    db.pragma('max_page_count = 1073741823');
    expect(
      await session.router('notes.save', { noteId: note.noteId, revision: note.revision, content: big }),
    ).toMatchObject({ ok: true });
  });

  // A real full disk: a 3 MB tmpfs in a private mount namespace (unprivileged where user namespaces are allowed).
  it.runIf(canMountTmpfs())(
    'disk full for real: imports stop with "disk is full", nothing half-written, the notebook reopens whole',
    { timeout: 180_000 },
    () => {
      const dir = tempDir();
      const run = spawnSync(
        'unshare',
        [
          '-rm',
          'sh',
          '-c',
          'mount -t tmpfs -o size=3m tmpfs "$0" && exec "$1" --import tsx "$2" "$0"',
          dir,
          process.execPath,
          join(REPO_ROOT, 'test/support/disk-full-child.ts'),
        ],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 170_000 },
      );
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(report).toEqual({
        imported: expect.any(Number),
        importFailure: { code: 'disk_full', message: expect.stringMatching(/could not be saved: The disk is full/) },
        noteSave: { code: 'disk_full', message: expect.stringMatching(/^The disk is full/) },
        sourcesInSession: report.imported,
        sourcesAfterReopen: report.imported,
        noteRevisionAfterReopen: 1,
        integrity: 'ok',
      });
      expect(report.imported).toBeGreaterThan(0);
    },
  );

  it('a read-only notebook file is refused, untouched', () => {
    const dir = tempDir();
    const file = join(dir, 'ro.casebook');
    copyFileSync(fixtureFile(1), file);
    chmodSync(file, 0o444);
    const before = sha(file);
    let err: unknown;
    try {
      openSession(file, RESOURCES);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CasebookError);
    expect((err as CasebookError).code).toBe('notebook_read_only');
    expect((err as CasebookError).message).toMatch(/ro\.casebook is read-only\. .*The file was not changed\.$/);
    expect(sha(file)).toBe(before);
    expect(readdirSync(dir)).toEqual(['ro.casebook']);
  });

  it('a second Casebook on the same notebook is refused, naming the first', async () => {
    const file = join(tempDir(), 'two.casebook');
    openNotebook(file).close();
    const other = await holdNotebook(file);
    children.push(other);
    expect(() => openSession(file, RESOURCES)).toThrow(
      `two.casebook is already open in another Casebook window or process (pid ${other.pid}).`,
    );
  });

  it('a notebook deleted while open: the next call saves everything to a recovered copy and goes on there', async () => {
    const dir = tempDir();
    const file = join(dir, 'gone.casebook');
    const { session, events } = start(file);
    await call(session, 'sources.importFiles', { files: [fileInput('a.txt', 'Written before the file went.')] });
    rmSync(file);

    const note = await session.router('notes.create', {});
    expect(note.ok).toBe(true);
    const lost = events.find((e) => e.name === 'notebook.lost')!.payload as Record<string, string>;
    expect(lost).toEqual({
      file,
      reason: 'deleted',
      recoveredTo: expect.stringMatching(/gone \(recovered \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\)\.casebook$/),
      message: expect.stringMatching(
        /was deleted or moved while it was open\. Everything up to your last change was saved to/,
      ),
    });
    expect(session.notebook().file).toBe(lost.recoveredTo);
    // Nothing of the old notebook is left to be replayed into a new one at its path.
    const name = basename(lost.recoveredTo!);
    expect(readdirSync(dir).sort()).toEqual([name, `${name}-shm`, `${name}-wal`, `${name}.lock`].sort());
    await session.close();
    sessions.splice(sessions.indexOf(session), 1);
    const recovered = openNotebook(lost.recoveredTo!);
    expect(recovered.db.prepare('SELECT count(*) AS n FROM sources').get()).toEqual({ n: 1 });
    expect(recovered.db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 1 });
    expect(recovered.db.pragma('integrity_check', { simple: true })).toBe('ok');
    recovered.close();
  });

  it('a notebook replaced while open is noticed by the periodic check; the file put there is left alone', async () => {
    const dir = tempDir();
    const file = join(dir, 'swapped.casebook');
    const { session, events } = start(file);
    await call(session, 'notes.create', {});
    const other = join(dir, 'incoming.casebook');
    copyFileSync(fixtureFile(2), other);
    const incoming = sha(other);
    renameSync(other, file);

    await session.safety().tick();
    const lost = events.find((e) => e.name === 'notebook.lost')!.payload as Record<string, string>;
    expect(lost).toMatchObject({
      file,
      reason: 'replaced',
      recoveredTo: expect.stringContaining('swapped (recovered'),
    });
    expect(sha(file)).toBe(incoming);
    // Our journal is not left for the file that took the notebook's place.
    expect(existsSync(file + '-wal')).toBe(false);
    expect((await call<{ total: number }>(session, 'notes.list', { offset: 0, limit: 10 })).total).toBe(1);
    const theirs = openNotebook(file);
    expect(theirs.db.pragma('user_version', { simple: true })).toBeGreaterThan(2);
    expect(theirs.db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 2 });
    theirs.close();
  });

  it('when no copy can be made, every call says so and nothing crashes', async () => {
    const root = tempDir();
    const dir = join(root, 'folder');
    mkdirSync(dir);
    const file = join(dir, 'n.casebook');
    const { session, events } = start(file);
    await call(session, 'notes.create', {});
    rmSync(dir, { recursive: true });
    // A file where the folder was: nothing can be written there.
    writeFileSync(dir, 'in the way');

    for (const method of ['notes.list', 'notes.create']) {
      const r: CallResult = await session.router(method, method === 'notes.list' ? { offset: 0, limit: 5 } : {});
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'notebook_missing',
          message: expect.stringMatching(/was deleted or moved while it was open, and Casebook could not save a copy/),
        },
      });
    }
    expect(events.filter((e) => e.name === 'notebook.lost')).toHaveLength(1);
    expect(session.notebook().db.open).toBe(true);
  });
});
