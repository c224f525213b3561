import type { Database } from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Notebook } from '../db/notebook';
import { notebookStem, writeVerifiedCopy } from './backups';

/**
 * A notebook file deleted or replaced while open is still readable through
 * the open connection (the system keeps a deleted file's data until it is
 * closed), but whatever is saved from then on would vanish with it. So the
 * app copies everything, up to the last save, to a new file beside where the
 * notebook was and goes on with that copy. It never writes at the old path:
 * the file there now, if any, is someone else's (a sync tool's, a restore's),
 * and a deleted notebook may have been deleted on purpose.
 */

export function recoveredPath(notebookFile: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '-');
  const base = join(dirname(notebookFile), `${notebookStem(notebookFile)} (recovered ${stamp})`);
  for (let n = 1; ; n++) {
    const candidate = `${base}${n === 1 ? '' : ` ${n}`}.casebook`;
    if (!existsSync(candidate)) return candidate;
  }
}

/** Copies the open notebook to a recovered file, verified; returns its path. */
export async function recoverNotebook(db: Database, notebookFile: string): Promise<string> {
  const target = recoveredPath(notebookFile);
  mkdirSync(dirname(target), { recursive: true });
  await writeVerifiedCopy(db, target);
  return target;
}

/**
 * The journal our connection left at the notebook's old path: a notebook
 * later opened there (a new one, or the file that replaced ours) would
 * replay its pages. SQLite leaves it when the file has moved, so it goes
 * here, but only when it is ours: one that came with a replacing file is
 * that file's.
 */
export function dropOrphanJournals(nb: Pick<Notebook, 'file' | 'identity'>): void {
  const own = nb.identity.wal;
  try {
    const st = statSync(nb.file + '-wal');
    if (!own || st.ino !== own.ino || st.dev !== own.dev) return;
  } catch {
    return;
  }
  for (const suffix of ['-wal', '-shm']) rmSync(nb.file + suffix, { force: true });
}
