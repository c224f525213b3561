import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Session } from '../../api/session';
import { backupsFolder, listBackups, parseBackupName, resolveBackup, type BackupInfo } from '../../core/backup/backups';
import { restoreNotebook } from '../../core/backup/restore';
import { lockNotebook } from '../../core/db/lock';
import { openNotebook } from '../../core/db/notebook';
import { CasebookError } from '../../core/errors';

const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;

const line = (file: string, b: BackupInfo): Record<string, unknown> => ({
  ...b,
  file: join(backupsFolder(file), b.backupId),
});

function describe(b: BackupInfo): string {
  const state = b.verified ? 'verified' : `NOT VERIFIED: ${b.problem ?? 'unknown'}`;
  return `${b.createdAt}  ${b.kind.padEnd(11)} ${size(b.size).padStart(8)}  ${state}  ${b.backupId}`;
}

/** `casebook backup`: a verified copy of the notebook now, in its Backups folder. */
export async function backupNow(session: Session, json: boolean, out: (line: string) => void): Promise<number> {
  const file = session.notebook().file;
  const info = await session.safety().create();
  if (json) out(JSON.stringify(line(file, info)));
  else
    out(
      `Backed up ${file} to ${relative(process.cwd(), join(backupsFolder(file), info.backupId))} (${size(info.size)}, verified)`,
    );
  return 0;
}

/** `casebook backup --list`: the notebook's backups, newest first. Needs no lock: it only reads the folder. */
export function listAll(file: string, json: boolean, out: (line: string) => void): number {
  const backups = listBackups(file);
  for (const b of backups) out(json ? JSON.stringify(line(file, b)) : describe(b));
  if (!json && backups.length === 0) out(`No backups of ${file} yet (they go in ${backupsFolder(file)}).`);
  return 0;
}

/**
 * `casebook restore BACKUP`: a backup of this notebook by name, or any
 * notebook file by path. Works on a notebook too damaged to open; refused
 * while a Casebook has the notebook open.
 */
export async function restore(
  file: string,
  which: string,
  json: boolean,
  out: (line: string) => void,
): Promise<number> {
  const from = parseBackupName(file, which) ? resolveBackup(file, which) : resolve(which);
  if (!existsSync(from)) throw new CasebookError('not_found', `There is no backup or file "${which}" to restore from.`);
  const release = lockNotebook(file);
  try {
    const restored = await restoreNotebook(file, from);
    // Migrated and checked now, so a problem shows here rather than in the app.
    openNotebook(file).close();
    if (json)
      out(
        JSON.stringify({
          notebook: file,
          restored: which,
          schemaVersion: restored.schemaVersion,
          safetyBackup: restored.safetyBackup?.backupId ?? null,
        }),
      );
    else {
      out(`Restored ${file} from ${which}.`);
      if (restored.safetyBackup)
        out(`The notebook as it was is kept as ${restored.safetyBackup.backupId}: restore it to undo this.`);
    }
    return 0;
  } finally {
    release();
  }
}
