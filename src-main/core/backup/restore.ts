import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openSqlite } from '../db/sqlite';
import { CasebookError } from '../errors';
import { createBackup, fsyncDir, fsyncFile, rawCopy, removeWithJournals, type BackupInfo } from './backups';
import { verifyOffThread } from './off-thread';

/**
 * Restoring replaces the notebook file with a backup so that a crash at any
 * moment leaves either the old notebook or the restored one, never a mix:
 * the backup is copied to a temporary file in the notebook's own folder,
 * checked and flushed there, and renamed over the notebook in one step
 * (rename is atomic within a folder). Before that, the notebook as it is
 * goes to a backup of its own, so a restore can itself be undone.
 */

const tempPrefix = (notebookFile: string): string => `.${basename(notebookFile)}.restore-`;

/** Temporary copies of a restore that did not finish (the app was killed mid-way). */
export function removeRestoreLeftovers(notebookFile: string): void {
  const prefix = tempPrefix(notebookFile);
  let names: string[];
  try {
    names = readdirSync(dirname(notebookFile));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) removeWithJournals(join(dirname(notebookFile), name));
  }
}

interface Prepared {
  temp: string;
  schemaVersion: number;
}

/** The backup, copied beside the notebook, made stand-alone and checked; the notebook is not touched. */
async function prepare(notebookFile: string, from: string): Promise<Prepared> {
  if (!existsSync(from)) throw new CasebookError('not_found', `There is no file ${from} to restore from.`);
  const temp = join(dirname(notebookFile), `${tempPrefix(notebookFile)}${randomBytes(6).toString('hex')}.tmp`);
  try {
    copyFileSync(from, temp);
    // A copy of a live notebook may say WAL in its header; restored, it must not pick up any other file's journal.
    const db = openSqlite(temp, { fileMustExist: true });
    try {
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    const { schemaVersion } = await verifyOffThread(temp);
    fsyncFile(temp);
    return { temp, schemaVersion };
  } catch (err) {
    removeWithJournals(temp);
    if (err instanceof CasebookError) throw err;
    throw new CasebookError(
      'backup_invalid',
      `${basename(from)} is not a usable copy of a notebook: ${(err as Error).message}.`,
    );
  }
}

/** The notebook as it is, before a restore replaces it: through SQLite when it can, else its raw bytes. */
async function keepCurrent(notebookFile: string, live: Database | undefined): Promise<BackupInfo | null> {
  if (live) return createBackup(live, notebookFile, 'pre-restore');
  if (!existsSync(notebookFile)) return null;
  let db: Database | null = null;
  try {
    db = openSqlite(notebookFile, { fileMustExist: true });
    return await createBackup(db, notebookFile, 'pre-restore');
  } catch {
    db?.close();
    db = null;
    return rawCopy(notebookFile);
  } finally {
    db?.close();
  }
}

export interface RestoreOptions {
  /** The notebook's open connection: the safety backup is taken through it, then `close` is called. */
  live?: Database;
  /** Closes the notebook once its safety backup is made. */
  close?: () => void;
  /**
   * Reopens whatever is at the path now (the restored notebook, or the old
   * one if replacing it failed), in the same turn as the replacement, so
   * nothing else runs against a closed notebook in between.
   */
  reopen?: () => void;
  /** Set false when putting back a safety backup: the file being replaced is the failed restore. */
  keepCurrent?: boolean;
}

export interface Restored {
  /** The schema of the backup (the notebook is migrated from it on reopening). */
  schemaVersion: number;
  /** The notebook as it was before, kept as a backup. */
  safetyBackup: BackupInfo | null;
}

/**
 * Replaces `notebookFile` with the notebook in `from`. The caller holds the
 * notebook's lock throughout.
 */
export async function restoreNotebook(
  notebookFile: string,
  from: string,
  options: RestoreOptions = {},
): Promise<Restored> {
  const prepared = await prepare(notebookFile, from);
  try {
    const safetyBackup = options.keepCurrent === false ? null : await keepCurrent(notebookFile, options.live);
    if (options.live) {
      // Everything the WAL holds goes into the file now: closing must leave no journal behind.
      const [cp] = options.live.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (cp && cp.busy !== 0)
        throw new CasebookError(
          'notebook_locked',
          'Another program is reading the notebook, so it could not be restored. Nothing was changed; try again.',
        );
    }
    options.close?.();
    try {
      // A journal of the replaced notebook must not survive it: SQLite would replay it into the restored file.
      // What it held is in the safety backup, taken through SQLite above.
      for (const suffix of ['-wal', '-shm', '-journal']) rmSync(notebookFile + suffix, { force: true });
      renameSync(prepared.temp, notebookFile);
      fsyncDir(dirname(notebookFile));
    } finally {
      options.reopen?.();
    }
    return { schemaVersion: prepared.schemaVersion, safetyBackup };
  } finally {
    removeWithJournals(prepared.temp);
  }
}
