import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { CasebookError } from '../errors';

/**
 * One Casebook process per notebook. SQLite would keep two processes from
 * corrupting the file, but two apps editing one notebook confuse the analyst
 * (each shows a stale copy; notes conflict) and a restore under a running app
 * would pull the file from under it. So a lock file beside the notebook names
 * the process holding it; a second process is refused with that name, and a
 * lock left by a process that died (a crash, a kill) is taken over.
 *
 * Within one process the lock is shared and counted: the app may open the
 * notebook it holds again (switching, restoring), and tests open it in-process.
 */

interface LockInfo {
  pid: number;
  host: string;
  app: string;
  since: string;
}

const held = new Map<string, number>();

export const lockFileOf = (notebookFile: string): string => `${notebookFile}.lock`;

/** A lock file that cannot be read whole is being written, unless it stays so this long. */
const UNREADABLE_STALE_MS = 10_000;

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.host === 'string') {
      return { pid: info.pid, host: info.host, app: String(info.app ?? ''), since: String(info.since ?? '') };
    }
  } catch {
    // Missing, half-written or not ours: the caller decides from its age.
  }
  return null;
}

/**
 * Whether `pid` is a live process that could be a Casebook. A pid is reused
 * after its process dies; on Linux /proc tells a zombie or an unrelated
 * program apart, elsewhere a live pid is taken at its word.
 */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').toLowerCase();
    return /node|electron|casebook/.test(cmdline);
  } catch {
    // /proc is not readable here (hidepid): trust the signal check.
    return true;
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new CasebookError(
        'notebook_read_only',
        `The folder of ${file.slice(0, -'.lock'.length)} is read-only: Casebook needs to write beside a notebook ` +
          '(its lock and journal files). Move the notebook to a folder you can write to.',
      );
    }
    throw err;
  }
  try {
    const info: LockInfo = { pid: process.pid, host: hostname(), app: 'Casebook', since: new Date().toISOString() };
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  return true;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Takes the notebook's lock, or throws `notebook_locked` naming the process
 * that has it. Returns the release, which is safe to call more than once.
 */
export function lockNotebook(notebookFile: string): () => void {
  const lockFile = lockFileOf(notebookFile);
  const count = held.get(lockFile) ?? 0;
  if (count === 0) acquire(notebookFile, lockFile);
  held.set(lockFile, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(lockFile) ?? 1) - 1;
    if (left > 0) {
      held.set(lockFile, left);
      return;
    }
    held.delete(lockFile);
    // Only our own lock goes: another process may have taken over a lock we lost.
    const info = readLock(lockFile);
    if (info && info.pid === process.pid && info.host === hostname()) removeQuietly(lockFile);
  };
}

function acquire(notebookFile: string, lockFile: string): void {
  // A few rounds: a stale lock is removed, then the create races any other process doing the same.
  for (let round = 0; round < 3; round++) {
    if (tryCreate(lockFile)) return;
    const info = readLock(lockFile);
    if (!info) {
      let age = Infinity;
      try {
        age = Date.now() - statSync(lockFile).mtimeMs;
      } catch {
        continue; // gone meanwhile: try again
      }
      if (age < UNREADABLE_STALE_MS) throw locked(notebookFile, null);
      removeQuietly(lockFile);
      continue;
    }
    const here = info.host === hostname();
    // Our own pid: a lock this process left behind (a notebook closed without its release).
    if (here && (info.pid === process.pid || !processAlive(info.pid))) {
      removeQuietly(lockFile);
      continue;
    }
    throw locked(notebookFile, info);
  }
  throw locked(notebookFile, readLock(lockFile));
}

function locked(notebookFile: string, info: LockInfo | null): CasebookError {
  const who = info
    ? `pid ${info.pid}${info.host === hostname() ? '' : ` on ${info.host}`}`
    : 'a process that is starting';
  const where =
    info && info.host !== hostname()
      ? ` If no Casebook runs there any more, delete ${basename(lockFileOf(notebookFile))} beside the notebook.`
      : ' Close it there first.';
  return new CasebookError(
    'notebook_locked',
    `${basename(notebookFile)} is already open in another Casebook window or process (${who}).${where}`,
  );
}
