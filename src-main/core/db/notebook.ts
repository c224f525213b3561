import BetterSqlite3, { type Database } from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CasebookError } from '../errors';
import { APPLICATION_ID, migrate, SCHEMA_VERSION, tooNewMessage } from './migrate';

export interface OpenOptions {
  /** Path of a better-sqlite3 addon built for another ABI (the Electron build). */
  nativeBinding?: string;
}

/** An open notebook file. The core's services take one of these. */
export interface Notebook {
  readonly file: string;
  readonly db: Database;
  close(): void;
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
    return { userVersion: buf.readUInt32BE(60), applicationId: buf.readUInt32BE(68), empty: false };
  } finally {
    closeSync(fd);
  }
}

/** Opens (creating if needed) a notebook file and brings its schema up to date. */
export function openNotebook(file: string, options: OpenOptions = {}): Notebook {
  const path = resolve(file);
  if (existsSync(path)) {
    const header = readHeader(path);
    if (header.userVersion > SCHEMA_VERSION) {
      throw new CasebookError('notebook_too_new', tooNewMessage(path, header.userVersion));
    }
    if (!header.empty && header.applicationId !== APPLICATION_ID && header.applicationId !== 0) {
      throw new CasebookError('not_a_notebook', `${path} is a SQLite database of another application, not a notebook.`);
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
  }

  let db: Database;
  try {
    db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (err) {
    throw new CasebookError('notebook_unavailable', `Cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    // The header may be stale when a WAL is present; ask SQLite before any write.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new CasebookError('notebook_too_new', tooNewMessage(path, version));
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
      if (appId !== 0 || tables.n > 0) {
        throw new CasebookError(
          'not_a_notebook',
          `${path} is a SQLite database of another application, not a notebook.`,
        );
      }
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, path);
  } catch (err) {
    db.close();
    if (err instanceof CasebookError) throw err;
    throw new CasebookError('notebook_unavailable', `Cannot open ${path}: ${(err as Error).message}`);
  }
  return {
    file: path,
    db,
    close: () => {
      if (db.open) db.close();
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
