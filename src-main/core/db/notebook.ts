import BetterSqlite3, { type Database } from 'better-sqlite3';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { removeRestoreLeftovers } from '../backup/restore';
import { CasebookError, fromSqliteError } from '../errors';
import { lockNotebook } from './lock';
import { setNativeBinding } from './sqlite';
import { APPLICATION_ID, migrate, SCHEMA_VERSION, tooNewMessage } from './migrate';

export interface OpenOptions {
  /** Path of a better-sqlite3 addon built for another ABI (the Electron build). */
  nativeBinding?: string;
}

/** An open notebook file. The core's services take one of these. */
export interface Notebook {
  readonly file: string;
  readonly db: Database;
  /** The file as it was opened: a different one at `file` later means it was replaced underneath. */
  readonly identity: FileIdentity;
  close(): void;
}

export interface FileIdentity {
  dev: number;
  ino: number;
  /** The WAL this connection writes: told apart from one that came with a file put in the notebook's place. */
  wal: { dev: number; ino: number } | null;
}

/**
 * Whether the notebook file is still where it was opened. SQLite keeps
 * writing to the open file even after it is deleted or replaced (in WAL mode
 * it does not notice), so saves would vanish when the app closes: callers
 * check before writing and now and then.
 */
export function notebookFileState(nb: Pick<Notebook, 'file' | 'identity'>): 'ok' | 'deleted' | 'replaced' {
  try {
    const st = statSync(nb.file);
    return st.ino === nb.identity.ino && st.dev === nb.identity.dev ? 'ok' : 'replaced';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return 'deleted';
    throw err;
  }
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Reads the header fields we need without SQLite, so that a file we must refuse
 * is never opened for writing (not even a journal-mode change or a checkpoint).
 */
function readHeader(file: string): { userVersion: number; applicationId: number; empty: boolean } {
  if (statSync(file).size === 0) return { userVersion: 0, applicationId: 0, empty: true };
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    if (n < 100 || buf.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
      throw new CasebookError('not_a_notebook', `${file} is not a Casebook notebook (not a SQLite database).`);
    }
    // SQLite writes these payload fractions in every header: without them the rest of it means nothing.
    if (buf[21] !== 64 || buf[22] !== 32 || buf[23] !== 32) {
      throw new CasebookError(
        'notebook_damaged',
        `${file} is damaged (its header is not one SQLite wrote). Restore it from one of its backups, ` +
          'kept in the Backups folder beside it: `casebook restore BACKUP`.',
      );
    }
    return { userVersion: buf.readUInt32BE(60), applicationId: buf.readUInt32BE(68), empty: false };
  } finally {
    closeSync(fd);
  }
}

const canWrite = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Casebook saves as the analyst works, so a notebook it cannot write is
 * refused up front, untouched, rather than failing at the first save. A file
 * marked read-only (no write bit for anyone) is refused even where the
 * system would let us write (an administrator's account).
 */
function assertWritable(path: string, exists: boolean): void {
  if (exists && ((statSync(path).mode & 0o222) === 0 || !canWrite(path))) {
    throw new CasebookError(
      'notebook_read_only',
      `${path} is read-only. Casebook saves as you work, so it only opens notebooks it can write to: ` +
        'make the file writable (or copy it to a folder of yours) and open it again. The file was not changed.',
    );
  }
  const dir = dirname(path);
  if (!canWrite(dir)) {
    throw new CasebookError(
      'notebook_read_only',
      `The folder ${dir} is read-only: Casebook needs to write beside a notebook (its journal and lock files). ` +
        'Move the notebook to a folder you can write to.',
    );
  }
}

/**
 * A journal left beside a notebook that is gone would be replayed into a new
 * notebook created at the same path, mixing the old one's pages into it. It
 * is set aside, not deleted: it may hold the last of someone's work.
 */
function setAsideOrphanJournal(path: string): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, `${path}${suffix}.orphaned-${stamp}`);
  }
}

/**
 * Reads the version and application id through a read-only connection:
 * closing a read-write one checkpoints the WAL into the file, which would
 * change a notebook we are about to refuse.
 */
function probe(path: string, options: OpenOptions): void {
  const created = ['-wal', '-shm'].filter((suffix) => !existsSync(path + suffix));
  let db: Database;
  try {
    db = new BetterSqlite3(path, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw (
      fromSqliteError(err) ??
      new CasebookError('notebook_unavailable', `Cannot open ${path}: ${(err as Error).message}`)
    );
  }
  let refusal: CasebookError | null = null;
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) refusal = new CasebookError('notebook_too_new', tooNewMessage(path, version));
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (!refusal && appId !== APPLICATION_ID) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
      if (appId !== 0 || tables.n > 0) {
        refusal = new CasebookError(
          'not_a_notebook',
          `${path} is a SQLite database of another application, not a notebook.`,
        );
      }
    }
  } catch (err) {
    refusal =
      fromSqliteError(err) ??
      new CasebookError('notebook_unavailable', `Cannot open ${path}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
  if (refusal) {
    // Leave the folder as we found it: the read-only connection may have made an empty index file.
    for (const suffix of created) rmSync(path + suffix, { force: true });
    throw refusal;
  }
}

/** Opens (creating if needed) a notebook file and brings its schema up to date. */
export function openNotebook(file: string, options: OpenOptions = {}): Notebook {
  setNativeBinding(options.nativeBinding);
  const path = resolve(file);
  const exists = existsSync(path);
  let empty = true;
  if (exists) {
    const header = readHeader(path);
    empty = header.empty;
    if (header.userVersion > SCHEMA_VERSION) {
      throw new CasebookError('notebook_too_new', tooNewMessage(path, header.userVersion));
    }
    if (!header.empty && header.applicationId !== APPLICATION_ID && header.applicationId !== 0) {
      throw new CasebookError('not_a_notebook', `${path} is a SQLite database of another application, not a notebook.`);
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
  }
  assertWritable(path, exists);

  const release = lockNotebook(path);
  let db: Database;
  try {
    if (!exists || empty) setAsideOrphanJournal(path);
    // The header may be stale when a WAL is present; ask SQLite, read-only, before any write.
    if (exists && !empty) probe(path, options);
    removeRestoreLeftovers(path);
    db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (err) {
    release();
    if (err instanceof CasebookError) throw err;
    throw (
      fromSqliteError(err) ??
      new CasebookError('notebook_unavailable', `Cannot open ${path}: ${(err as Error).message}`)
    );
  }
  let identity: FileIdentity;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, path);
    const st = statSync(path);
    let wal: FileIdentity['wal'] = null;
    try {
      const w = statSync(path + '-wal');
      wal = { dev: w.dev, ino: w.ino };
    } catch {
      // Not made yet: nothing of ours to tell apart.
    }
    identity = { dev: st.dev, ino: st.ino, wal };
  } catch (err) {
    db.close();
    release();
    if (err instanceof CasebookError) throw err;
    throw (
      fromSqliteError(err) ??
      new CasebookError('notebook_unavailable', `Cannot open ${path}: ${(err as Error).message}`)
    );
  }
  return {
    file: path,
    db,
    identity,
    close: () => {
      if (db.open) db.close();
      release();
    },
  };
}

/**
 * Where the notebook lives when none is named: the per-user application data
 * folder of the OS (the same folder Electron calls `userData`).
 */
export function defaultNotebookPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = homedir();
  let base: string;
  if (platform === 'win32') base = env.APPDATA ?? join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else base = env.XDG_CONFIG_HOME || join(home, '.config');
  return join(base, 'Casebook', 'Notebooks', 'Notebook.casebook');
}

/** `--notebook FILE` wins, then `CASEBOOK_NOTEBOOK`, then the default. */
export function resolveNotebookPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag || env.CASEBOOK_NOTEBOOK || defaultNotebookPath(env));
}
