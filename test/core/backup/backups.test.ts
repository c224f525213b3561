import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backupsFolder,
  createBackup,
  listBackups,
  readBackupSettings,
  resolveBackup,
  writeBackupSettings,
} from '../../../src-main/core/backup/backups';
import { restoreNotebook } from '../../../src-main/core/backup/restore';
import { verifyOffThread } from '../../../src-main/core/backup/off-thread';
import { verifyCopy } from '../../../src-main/core/backup/verify';
import { lockNotebook } from '../../../src-main/core/db/lock';
import { SCHEMA_VERSION } from '../../../src-main/core/db/migrate';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { CasebookError } from '../../../src-main/core/errors';
import { fixtureFile } from '../../fixtures/notebooks/make';
import { seedSources } from '../../support/seed';
import { useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const titles = (nb: Notebook): string[] =>
  (nb.db.prepare('SELECT title FROM sources ORDER BY id').all() as { title: string }[]).map((r) => r.title);

function notebookWith(n: number, name = 'n.casebook'): Notebook {
  const nb = openNotebook(join(tempDir(), name));
  seedSources(nb.db, n, (i) => ({ title: `Source ${i}`, text: `Text number ${i} about the summit.` }));
  return nb;
}

async function rejection(p: Promise<unknown>): Promise<CasebookError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CasebookError);
    return err as CasebookError;
  }
  throw new Error('expected a failure');
}

describe('backups', () => {
  it('copies the open notebook, WAL included, to a verified stand-alone file in Backups/', async () => {
    const nb = notebookWith(3);
    // Still in the WAL, not yet in the file: the copy must have it.
    expect(existsSync(nb.file + '-wal')).toBe(true);
    const info = await createBackup(nb.db, nb.file, 'manual', { now: new Date('2025-07-11T10:30:00.123Z') });
    expect(info).toEqual({
      backupId: 'n.2025-07-11T10-30-00-123Z.manual.casebook-backup',
      kind: 'manual',
      createdAt: '2025-07-11T10:30:00.123Z',
      size: expect.any(Number),
      schemaVersion: SCHEMA_VERSION,
      verified: true,
      problem: null,
    });
    // One file, nothing half-made beside it.
    expect(readdirSync(backupsFolder(nb.file))).toEqual([info.backupId]);
    const copy = new BetterSqlite3(join(backupsFolder(nb.file), info.backupId), { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT count(*) AS n FROM sources').get()).toEqual({ n: 3 });
    copy.close();
    expect(listBackups(nb.file)).toEqual([info]);
    nb.close();
  });

  it('keeps the newest automatic backups only, and never deletes manual ones', async () => {
    const nb = notebookWith(1);
    const at = (minute: number): Date => new Date(Date.UTC(2025, 0, 1, 0, minute));
    await createBackup(nb.db, nb.file, 'manual', { now: at(0) });
    for (let m = 1; m <= 5; m++) await createBackup(nb.db, nb.file, 'auto', { now: at(m), keep: 3 });
    expect(listBackups(nb.file).map((b) => `${b.kind} ${b.createdAt.slice(11, 16)}`)).toEqual([
      'auto 00:05',
      'auto 00:04',
      'auto 00:03',
      'manual 00:00',
    ]);
    nb.close();
  });

  it('deletes and reports a backup that cannot be made, keeping nothing half-made', async () => {
    const nb = notebookWith(1);
    // The Backups folder cannot be made: a file has its name.
    writeFileSync(backupsFolder(nb.file), 'in the way');
    const blocked = await rejection(createBackup(nb.db, nb.file, 'manual'));
    expect(blocked.code).toBe('backup_failed');
    expect(blocked.message).toMatch(/^The Backups folder .* cannot be written/);

    const other = notebookWith(200, 'other.casebook');
    mkdirSync(backupsFolder(other.file), { recursive: true });
    // Stopped mid-copy (the notebook closing): the partial copy goes.
    const abort = new AbortController();
    abort.abort();
    const stopped = await rejection(createBackup(other.db, other.file, 'auto', { signal: abort.signal }));
    expect(stopped.code).toBe('backup_failed');
    expect(readdirSync(backupsFolder(other.file))).toEqual([]);
    expect(listBackups(other.file)).toEqual([]);
    nb.close();
    other.close();
  });

  it('verifies a copy through: a damaged one is refused, and listed as not verified', async () => {
    const nb = notebookWith(50);
    const info = await createBackup(nb.db, nb.file, 'manual');
    const file = join(backupsFolder(nb.file), info.backupId);
    expect(verifyCopy(file)).toEqual({ schemaVersion: SCHEMA_VERSION });

    // Garbage over one page in the middle: SQLite notices when it reads it through.
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, pageSize * 5 + 8, pageSize * 6);
    writeFileSync(file, bytes);
    expect(() => verifyCopy(file)).toThrow(/is not a usable copy of a notebook/);
    // The same check in a worker thread, as backups and restores run it.
    const offThread = await rejection(verifyOffThread(file));
    expect(offThread.code).toBe('backup_invalid');
    expect(offThread.message).toMatch(/is not a usable copy of a notebook/);

    // Cut short: even the cheap check of the list sees it.
    writeFileSync(file, bytes.subarray(0, pageSize * 3));
    expect(listBackups(nb.file)).toEqual([
      expect.objectContaining({
        backupId: info.backupId,
        verified: false,
        problem: expect.stringMatching(/truncated/),
      }),
    ]);
    nb.close();
  });

  it('checks a copy in a worker thread, leaving the main thread free meanwhile', async () => {
    const file = join(tempDir(), 'big.db');
    const db = new BetterSqlite3(file);
    db.exec('CREATE TABLE t (a TEXT, b TEXT); CREATE INDEX t_a ON t(a); CREATE INDEX t_b ON t(b)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 150_000; i++) insert.run(`key ${(i * 7919) % 150_000}`, `value ${i} `.repeat(4));
    })();
    db.close();
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    const started = performance.now();
    // Not a notebook (no application id): refused, but only after every page was read.
    const err = await rejection(verifyOffThread(file));
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(err.message).toMatch(/not a Casebook notebook/);
    expect(took).toBeGreaterThan(20);
    // In this thread, the check would have held the event loop for its whole length.
    expect(turns).toBeGreaterThan(3);
  });

  it('finds a backup by its name only: a path cannot reach outside the folder', async () => {
    const nb = notebookWith(1);
    const info = await createBackup(nb.db, nb.file, 'manual');
    expect(resolveBackup(nb.file, info.backupId)).toBe(join(backupsFolder(nb.file), info.backupId));
    for (const bad of ['../n.casebook', `../Backups/${info.backupId}`, nb.file, 'n.2025.manual.casebook-backup']) {
      expect(() => resolveBackup(nb.file, bad), bad).toThrow(CasebookError);
    }
    nb.close();
  });

  it('keeps its settings beside the backups, with defaults and bounds', () => {
    const file = join(tempDir(), 's.casebook');
    expect(readBackupSettings(file)).toEqual({ auto: true, intervalMinutes: 60, keep: 10 });
    expect(writeBackupSettings(file, { keep: 3 })).toEqual({ auto: true, intervalMinutes: 60, keep: 3 });
    expect(readBackupSettings(file)).toEqual({ auto: true, intervalMinutes: 60, keep: 3 });
    writeFileSync(join(backupsFolder(file), 's.settings.json'), '{"keep": -4, "auto": "yes"}');
    expect(readBackupSettings(file)).toEqual({ auto: true, intervalMinutes: 60, keep: 10 });
  });
});

describe('restore', () => {
  it('replaces the notebook with the backup, keeping the notebook as it was in a backup first', async () => {
    const nb = notebookWith(2);
    const backup = await createBackup(nb.db, nb.file, 'manual');
    seedSources(nb.db, 3, (i) => ({ title: `Later ${i}`, text: `Written after the backup, ${i}.` }));
    expect(titles(nb)).toHaveLength(5);
    const file = nb.file;
    const hold = lockNotebook(file);
    let reopened: Notebook | null = null;
    const restored = await restoreNotebook(file, resolveBackup(file, backup.backupId), {
      live: nb.db,
      close: () => nb.close(),
      reopen: () => (reopened = openNotebook(file)),
    });
    hold();
    expect(restored.schemaVersion).toBe(SCHEMA_VERSION);
    expect(restored.safetyBackup).toMatchObject({ kind: 'pre-restore', verified: true });
    const after = reopened! as Notebook;
    expect(titles(after)).toEqual(['Source 1', 'Source 2']);
    expect(after.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // No temporary copy is left beside the notebook.
    expect(readdirSync(join(file, '..')).filter((n) => n.includes('.restore-'))).toEqual([]);

    // The safety backup undoes the restore.
    const hold2 = lockNotebook(file);
    let undone: Notebook | null = null;
    await restoreNotebook(file, resolveBackup(file, restored.safetyBackup!.backupId), {
      live: after.db,
      close: () => after.close(),
      reopen: () => (undone = openNotebook(file)),
    });
    hold2();
    expect(titles(undone! as Notebook)).toHaveLength(5);
    (undone! as Notebook).close();
  });

  it('refuses a damaged backup before touching the notebook', async () => {
    const nb = notebookWith(20);
    const info = await createBackup(nb.db, nb.file, 'manual');
    const file = join(backupsFolder(nb.file), info.backupId);
    const bytes = readFileSync(file);
    bytes.fill(0x5a, bytes.readUInt16BE(16) * 3 + 8, bytes.readUInt16BE(16) * 4);
    writeFileSync(file, bytes);
    nb.close();
    const before = sha(nb.file);
    const err = await rejection(restoreNotebook(nb.file, file));
    expect(err.code).toBe('backup_invalid');
    expect(sha(nb.file)).toBe(before);
    expect(listBackups(nb.file).filter((b) => b.kind === 'pre-restore')).toEqual([]);
    expect(readdirSync(join(nb.file, '..')).filter((n) => n.includes('.restore-'))).toEqual([]);
  });

  it('never lets the replaced notebook’s journal replay into the restored file', async () => {
    const nb = notebookWith(1);
    const backup = await createBackup(nb.db, nb.file, 'manual');
    const file = nb.file;
    // A writer that leaves its last pages in the WAL, as after a crash.
    nb.close();
    const writer = new BetterSqlite3(file);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("UPDATE sources SET title = 'Changed in the WAL'").run();
    const crashed = join(tempDir(), 'crashed');
    mkdirSync(crashed);
    const crashedFiles = [readFileSync(file), readFileSync(file + '-wal')] as const;
    writer.close();
    writeFileSync(join(crashed, 'n.casebook'), crashedFiles[0]);
    writeFileSync(join(crashed, 'n.casebook-wal'), crashedFiles[1]);
    mkdirSync(join(crashed, 'Backups'));
    copyFileSync(join(backupsFolder(file), backup.backupId), join(crashed, 'Backups', backup.backupId));

    const target = join(crashed, 'n.casebook');
    const restored = await restoreNotebook(target, resolveBackup(target, backup.backupId));
    // What the WAL held was kept (through SQLite) in the safety backup, not replayed into the restored file.
    const safety = new BetterSqlite3(join(crashed, 'Backups', restored.safetyBackup!.backupId), { readonly: true });
    expect(safety.prepare('SELECT title FROM sources').all()).toEqual([{ title: 'Changed in the WAL' }]);
    safety.close();
    expect(existsSync(target + '-wal')).toBe(false);
    const after = openNotebook(target);
    expect(titles(after)).toEqual(['Source 1']);
    after.close();

    // Without a safety copy to read it through (putting a safety backup back), the stale WAL is still dropped.
    writeFileSync(target, crashedFiles[0]);
    writeFileSync(target + '-wal', crashedFiles[1]);
    await restoreNotebook(target, resolveBackup(target, backup.backupId), { keepCurrent: false });
    const again = openNotebook(target);
    expect(titles(again)).toEqual(['Source 1']);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('restores a backup from an older schema, migrating it on opening', async () => {
    const nb = notebookWith(1);
    nb.close();
    const older = join(tempDir(), 'older.casebook');
    copyFileSync(fixtureFile(1), older);
    const { schemaVersion } = await restoreNotebook(nb.file, older);
    expect(schemaVersion).toBe(1);
    const after = openNotebook(nb.file);
    expect(after.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(titles(after)).toContain('Russia calls Pakistan a natural ally');
    after.close();
  });

  it('clears the temporary copy a restore killed mid-way left, when the notebook next opens', () => {
    const nb = notebookWith(1);
    nb.close();
    const leftover = join(nb.file, '..', '.n.casebook.restore-0123456789ab.tmp');
    copyFileSync(nb.file, leftover);
    const again = openNotebook(nb.file);
    expect(existsSync(leftover)).toBe(false);
    expect(titles(again)).toEqual(['Source 1']);
    again.close();
  });
});
