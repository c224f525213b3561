/** Backups as the contract and the renderer see them (see backups.ts). */

export const BACKUP_KINDS = ['auto', 'manual', 'pre-restore', 'damaged'] as const;
/** `damaged`: the raw bytes of a notebook SQLite could not copy, kept before a restore replaced it. */
export type BackupKind = (typeof BACKUP_KINDS)[number];

export interface BackupInfo {
  /** The file name in the Backups folder; what restore takes. */
  backupId: string;
  kind: BackupKind;
  createdAt: string;
  size: number;
  /** The notebook schema the copy holds (restoring an older one migrates it). */
  schemaVersion: number | null;
  /** Whole when made, and its header still agrees with its size. */
  verified: boolean;
  problem: string | null;
}

export interface BackupSettings {
  /** Automatic backups while the app has the notebook open. */
  auto: boolean;
  /** An automatic backup is made when the last one is older than this (and the notebook changed since). */
  intervalMinutes: number;
  /** Automatic backups kept; older ones are deleted. Manual and pre-restore backups are never deleted. */
  keep: number;
}

/** What the Backups panel shows. */
export interface BackupList {
  folder: string;
  settings: BackupSettings;
  backups: BackupInfo[];
  /** The last backup that failed since the notebook was opened, unless one succeeded after it. */
  lastFailure: { at: string; message: string } | null;
}

export interface RestoreResult {
  restored: string;
  /** The schema of the backup; the notebook was migrated from it to this version's. */
  schemaVersion: number;
  /** The notebook as it was before the restore, kept as a backup (restoring it undoes the restore). */
  safetyBackup: BackupInfo | null;
}
