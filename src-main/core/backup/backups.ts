import type { Database } from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { APPLICATION_ID, SCHEMA_VERSION } from '../db/migrate';
import { openSqlite } from '../db/sqlite';
import { CasebookError, fromSqliteError } from '../errors';
import { BACKUP_KINDS, type BackupInfo, type BackupKind, type BackupSettings } from './types';
import { verifyOffThread } from './off-thread';

export type { BackupInfo, BackupKind, BackupList, BackupSettings, RestoreResult } from './types';

/**
 * Backups of a notebook: whole copies made with SQLite's online backup API
 * while the notebook stays open, kept in a `Backups` folder beside it. A copy
 * counts only once it has been opened read-only and has passed
 * `PRAGMA integrity_check` and the schema checks; until then it has a
 * `.partial` name, and a copy that fails is deleted and the failure reported.
 * A file with a backup's name is therefore a copy that was whole when made.
 */

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { auto: true, intervalMinutes: 60, keep: 10 };

export const BACKUP_EXT = '.casebook-backup';
const PARTIAL = '.partial';
/** Pages copied per step of the backup API: about 4 MB, a few milliseconds, between which the app goes on. */
const PAGES_PER_STEP = 1000;

export const backupsFolder = (notebookFile: string): string => join(dirname(notebookFile), 'Backups');

/** `Notebook.casebook` → `Notebook`: backups of several notebooks can share one folder. */
export function notebookStem(notebookFile: string): string {
  const name = basename(notebookFile);
  return extname(name) === '.casebook' ? name.slice(0, -'.casebook'.length) : name;
}

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
const stampOf = (date: Date): string => date.toISOString().replace(/[:.]/g, '-');
const dateOfStamp = (stamp: string): string =>
  `${stamp.slice(0, 13)}:${stamp.slice(14, 16)}:${stamp.slice(17, 19)}.${stamp.slice(20, 23)}Z`;

/** `Notebook.2025-07-11T10-30-00-123Z.auto.casebook-backup`: names sort by time. */
export function parseBackupName(notebookFile: string, name: string): { kind: BackupKind; createdAt: string } | null {
  const prefix = notebookStem(notebookFile) + '.';
  if (!name.startsWith(prefix) || !name.endsWith(BACKUP_EXT)) return null;
  const [stamp, kind, ...rest] = name.slice(prefix.length, -BACKUP_EXT.length).split('.');
  if (rest.length > 0 || !stamp || !STAMP.test(stamp) || !(BACKUP_KINDS as readonly string[]).includes(kind ?? ''))
    return null;
  return { kind: kind as BackupKind, createdAt: dateOfStamp(stamp) };
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a rename durable, where the system allows: Windows cannot open a
 * folder to flush it (NTFS journals the rename itself), and some file
 * systems refuse; the renamed file is whole either way.
 */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort, see above.
  }
}

export function removeWithJournals(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/**
 * What can be told of a copy without reading it all: a SQLite header of our
 * application whose page count agrees with the file's size (a truncated or
 * overwritten copy fails). Restore checks the whole file again.
 */
function headerCheck(file: string, size: number): { schemaVersion: number | null; problem: string | null } {
  const buf = Buffer.alloc(100);
  let n = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      n = readSync(fd, buf, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return { schemaVersion: null, problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (n < 100 || buf.toString('latin1', 0, 16) !== 'SQLite format 3\0')
    return { schemaVersion: null, problem: 'not a SQLite database' };
  const schemaVersion = buf.readUInt32BE(60);
  if (buf.readUInt32BE(68) !== APPLICATION_ID) return { schemaVersion, problem: 'not a Casebook notebook' };
  const rawPageSize = buf.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  // The page count in the header is only current when written by a SQLite that keeps it (3.7.0+; all of ours).
  if (buf.readUInt32BE(92) === buf.readUInt32BE(24) && buf.readUInt32BE(28) * pageSize !== size)
    return { schemaVersion, problem: 'truncated or damaged (its size disagrees with its header)' };
  if (schemaVersion > SCHEMA_VERSION) return { schemaVersion, problem: 'written by a newer Casebook' };
  return { schemaVersion, problem: null };
}

/** The notebook's backups, newest first. Files of other notebooks sharing the folder are left out. */
export function listBackups(notebookFile: string): BackupInfo[] {
  const folder = backupsFolder(notebookFile);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    const parsed = parseBackupName(notebookFile, name);
    if (!parsed) continue;
    let size: number;
    try {
      const st = statSync(join(folder, name));
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue;
    }
    const { schemaVersion, problem } = headerCheck(join(folder, name), size);
    const damaged = parsed.kind === 'damaged';
    out.push({
      backupId: name,
      ...parsed,
      size,
      schemaVersion,
      verified: !damaged && problem === null,
      problem: damaged
        ? `the notebook as it was before a restore; SQLite could not copy it${problem ? ` (${problem})` : ''}`
        : problem,
    });
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** The path of one of the notebook's backups, by its file name (never a path: names cannot leave the folder). */
export function resolveBackup(notebookFile: string, backupId: string): string {
  if (!parseBackupName(notebookFile, backupId) || backupId !== basename(backupId)) {
    throw new CasebookError('not_found', `There is no backup called "${backupId}" of ${basename(notebookFile)}.`);
  }
  const file = join(backupsFolder(notebookFile), backupId);
  if (!existsSync(file))
    throw new CasebookError('not_found', `There is no backup called "${backupId}" of ${basename(notebookFile)}.`);
  return file;
}

const settingsFile = (notebookFile: string): string =>
  join(backupsFolder(notebookFile), `${notebookStem(notebookFile)}.settings.json`);

export function readBackupSettings(notebookFile: string): BackupSettings {
  let stored: Partial<BackupSettings> = {};
  try {
    stored = JSON.parse(readFileSync(settingsFile(notebookFile), 'utf8')) as Partial<BackupSettings>;
  } catch {
    // None yet, or unreadable: the defaults hold.
  }
  const d = DEFAULT_BACKUP_SETTINGS;
  const int = (v: unknown, min: number, max: number, fallback: number): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
  return {
    auto: typeof stored.auto === 'boolean' ? stored.auto : d.auto,
    intervalMinutes: int(stored.intervalMinutes, 1, 7 * 24 * 60, d.intervalMinutes),
    keep: int(stored.keep, 1, 1000, d.keep),
  };
}

/** Written beside the backups, replaced whole (temp, then rename), so it is never half-written. */
export function writeBackupSettings(notebookFile: string, patch: Partial<BackupSettings>): BackupSettings {
  const next = { ...readBackupSettings(notebookFile), ...patch };
  const file = settingsFile(notebookFile);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(next, null, 2) + '\n');
  renameSync(temp, file);
  return next;
}

/**
 * Copies the open database `db` to `dest` with the online backup API, as one
 * stand-alone file (rollback-journal mode: no -wal of its own), verified,
 * flushed to disk, and only then given its name. Throws `backup_failed` and
 * leaves nothing behind when any step fails.
 */
export async function writeVerifiedCopy(
  db: Database,
  dest: string,
  options: { signal?: AbortSignal; allowNewer?: boolean } = {},
): Promise<{ schemaVersion: number; size: number }> {
  const partial = dest + PARTIAL;
  removeWithJournals(partial);
  try {
    // The WAL into the file first: then the file of a notebook that does not change after is older than its
    // copy, which tells the next session there is nothing new to back up (see unchangedSince).
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy: the copy reads the WAL through the connection all the same.
    }
    await db.backup(partial, {
      progress: () => {
        if (options.signal?.aborted) throw new Error('stopped: the notebook was closed');
        return PAGES_PER_STEP;
      },
    });
    const copy = openSqlite(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const { schemaVersion } = await verifyOffThread(partial, options);
    fsyncFile(partial);
    renameSync(partial, dest);
    fsyncDir(dirname(dest));
    return { schemaVersion, size: statSync(dest).size };
  } catch (err) {
    removeWithJournals(partial);
    if (err instanceof CasebookError && err.code === 'backup_invalid')
      throw new CasebookError(
        'backup_failed',
        `The copy was made but failed its check, so it was deleted: ${err.message}`,
      );
    const sqlite = fromSqliteError(err);
    throw new CasebookError(
      'backup_failed',
      `The copy could not be made, so nothing was kept: ${sqlite ? sqlite.message : (err as Error).message}`,
    );
  }
}

function freshName(notebookFile: string, kind: BackupKind, now: Date): string {
  const folder = backupsFolder(notebookFile);
  for (let t = now.getTime(); ; t++) {
    const name = `${notebookStem(notebookFile)}.${stampOf(new Date(t))}.${kind}${BACKUP_EXT}`;
    if (!existsSync(join(folder, name)) && !existsSync(join(folder, name + PARTIAL))) return name;
  }
}

/** Copies that never got their name: a crash or a failure mid-backup. */
function removePartials(notebookFile: string): void {
  const folder = backupsFolder(notebookFile);
  const prefix = notebookStem(notebookFile) + '.';
  for (const name of readdirSync(folder)) {
    if (name.startsWith(prefix) && name.includes(BACKUP_EXT + PARTIAL)) rmSync(join(folder, name), { force: true });
  }
}

/** Deletes automatic backups beyond the newest `keep`. */
export function rotateBackups(notebookFile: string, keep: number): string[] {
  const autos = listBackups(notebookFile).filter((b) => b.kind === 'auto');
  const removed = autos.slice(keep).map((b) => b.backupId);
  for (const name of removed) removeWithJournals(join(backupsFolder(notebookFile), name));
  return removed;
}

/** Backs up the open notebook now; automatic backups then rotate to the last `keep`. */
export async function createBackup(
  db: Database,
  notebookFile: string,
  kind: Exclude<BackupKind, 'damaged'>,
  options: { signal?: AbortSignal; keep?: number; now?: Date } = {},
): Promise<BackupInfo> {
  const folder = backupsFolder(notebookFile);
  try {
    mkdirSync(folder, { recursive: true });
    removePartials(notebookFile);
  } catch (err) {
    const sqlite = fromSqliteError(err);
    throw new CasebookError(
      'backup_failed',
      `The Backups folder ${folder} cannot be written: ${sqlite?.message ?? (err as Error).message}`,
    );
  }
  const name = freshName(notebookFile, kind, options.now ?? new Date());
  // A pre-restore copy keeps whatever the notebook is, even one a newer Casebook wrote.
  const { schemaVersion, size } = await writeVerifiedCopy(db, join(folder, name), {
    signal: options.signal,
    allowNewer: kind === 'pre-restore',
  });
  if (kind === 'auto') rotateBackups(notebookFile, options.keep ?? readBackupSettings(notebookFile).keep);
  const parsed = parseBackupName(notebookFile, name)!;
  return { backupId: name, ...parsed, size, schemaVersion, verified: true, problem: null };
}

/**
 * The notebook as it is on disk, byte for byte with its journal, when SQLite
 * cannot copy it (it is damaged): kept before a restore replaces it, marked
 * as not verified.
 */
export function rawCopy(notebookFile: string): BackupInfo {
  const folder = backupsFolder(notebookFile);
  mkdirSync(folder, { recursive: true });
  const name = freshName(notebookFile, 'damaged', new Date());
  const dest = join(folder, name);
  for (const suffix of ['-wal', '']) {
    if (!existsSync(notebookFile + suffix)) continue;
    copyFileSync(notebookFile + suffix, dest + PARTIAL + suffix);
    fsyncFile(dest + PARTIAL + suffix);
  }
  if (existsSync(dest + PARTIAL + '-wal')) renameSync(dest + PARTIAL + '-wal', dest + '-wal');
  renameSync(dest + PARTIAL, dest);
  fsyncDir(folder);
  return listBackups(notebookFile).find((b) => b.backupId === name)!;
}

/** Rows this connection has changed since it opened: no change since the last backup, no new backup. */
export function changeCount(db: Database): number {
  return (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

/**
 * Whether the notebook is as it was when this backup of it was made: no
 * write to the file or its WAL since. Backups checkpoint the WAL before
 * copying, so an unchanged notebook's file is older than the copy; an empty
 * WAL (made by merely opening the notebook) holds no change.
 */
export function unchangedSince(notebookFile: string, backupId: string): boolean {
  try {
    const copy = statSync(join(backupsFolder(notebookFile), backupId)).mtimeMs;
    if (statSync(notebookFile).mtimeMs > copy) return false;
    try {
      const wal = statSync(notebookFile + '-wal');
      if (wal.size > 0 && wal.mtimeMs > copy) return false;
    } catch {
      // No WAL: the file says it all.
    }
    return true;
  } catch {
    return false;
  }
}
