import { join } from 'node:path';
import {
  backupsFolder,
  changeCount,
  createBackup,
  listBackups,
  readBackupSettings,
  resolveBackup,
  writeBackupSettings,
  type BackupInfo,
  type BackupList,
  type BackupSettings,
  type RestoreResult,
  unchangedSince,
} from '../core/backup/backups';
import { dropOrphanJournals, recoverNotebook } from '../core/backup/recover';
import { restoreNotebook } from '../core/backup/restore';
import { lockNotebook } from '../core/db/lock';
import { notebookFileState, type Notebook } from '../core/db/notebook';
import { CasebookError, toErrorInfo } from '../core/errors';
import type { CallResult, EventMap, EventName } from './contract';
import type { Router } from './router';

/** What the session lends the safety service: its notebook, and the means to replace it. */
export interface SafetyHost {
  current(): Notebook;
  /** Makes `nb` the session's notebook (the caller closes the previous one). */
  replace(nb: Notebook): void;
  open(file: string): Notebook;
  /** Why the notebook cannot be swapped now (an import is writing), or null. */
  busy(): string | null;
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
}

export interface SafetyOptions {
  /** Automatic backups (the app and browser mode; not one-shot CLI commands). */
  auto?: boolean;
  /** How often the notebook file is checked and a due backup made. */
  tickMs?: number;
}

/** A recovery that failed is tried again on a call at most this often. */
const RECOVERY_RETRY_MS = 5_000;

/**
 * The session's side of data safety: automatic and manual backups, restore,
 * and watching that the notebook file is still there (see core/backup).
 */
export class NotebookSafety {
  private timer: NodeJS.Timeout | null = null;
  private backup: { promise: Promise<BackupInfo>; abort: AbortController } | null = null;
  private recovering: Promise<void> | null = null;
  private recoveryFailed: { at: number; error: CasebookError } | null = null;
  private lastBackupAt: number | null = null;
  private changesAtBackup = -1;
  private lastFailure: BackupList['lastFailure'] = null;
  private closed = false;
  /** A restore is replacing the notebook: no other backup may start on the connection it will close. */
  private restoring = false;

  constructor(
    private readonly host: SafetyHost,
    options: SafetyOptions = {},
  ) {
    this.attached();
    if (options.auto) {
      this.timer = setInterval(() => void this.tick(), options.tickMs ?? 5_000);
      this.timer.unref();
    }
  }

  /** A notebook was (re)opened: what is known of backups is its own. */
  attached(): void {
    this.recoveryFailed = null;
    const nb = this.host.current();
    const newest = listBackups(nb.file).find((b) => b.verified);
    this.lastBackupAt = newest ? Date.parse(newest.createdAt) : null;
    // Unchanged since its newest backup: opening it again makes no new one (that would rotate older ones away).
    this.changesAtBackup = newest && nb.db.open && unchangedSince(nb.file, newest.backupId) ? changeCount(nb.db) : -1;
  }

  list(): BackupList {
    const { file } = this.host.current();
    return {
      folder: backupsFolder(file),
      settings: readBackupSettings(file),
      backups: listBackups(file),
      lastFailure: this.lastFailure,
    };
  }

  settings(patch: { [K in keyof BackupSettings]?: BackupSettings[K] | undefined }): BackupSettings {
    const { file } = this.host.current();
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    return Object.keys(changes).length > 0 ? writeBackupSettings(file, changes) : readBackupSettings(file);
  }

  /** "Back up now". */
  async create(): Promise<BackupInfo> {
    if (this.restoring) throw new CasebookError('conflict', 'A restore is in progress; back up once it is done.');
    await this.ensureInPlace();
    await this.settle();
    return this.run('manual');
  }

  /**
   * An automatic backup when one is due: the last is older than the interval
   * and the notebook changed since. A failure is reported, not thrown.
   */
  async autoBackupIfDue(now = Date.now()): Promise<BackupInfo | null> {
    if (this.closed || this.backup || this.recovering || this.restoring) return null;
    const nb = this.host.current();
    if (!nb.db.open || notebookFileState(nb) !== 'ok') return null;
    const settings = readBackupSettings(nb.file);
    if (!settings.auto) return null;
    if (this.lastBackupAt !== null && now - this.lastBackupAt < settings.intervalMinutes * 60_000) return null;
    if (this.changesAtBackup === changeCount(nb.db)) return null;
    try {
      return await this.run('auto');
    } catch {
      return null;
    }
  }

  /** Restores a backup in place of the open notebook; see core/backup/restore. */
  async restore(backupId: string): Promise<RestoreResult> {
    const busy = this.restoring ? 'Another restore is running.' : this.host.busy();
    if (busy) throw new CasebookError('conflict', `${busy} Restore once it is done.`);
    await this.ensureInPlace();
    const nb = this.host.current();
    const file = nb.file;
    const from = resolveBackup(file, backupId);
    await this.settle();
    const reopen = (): void => this.host.replace(this.host.open(file));
    // Held across the close and reopen, so no other process can take the notebook in between.
    const hold = lockNotebook(file);
    this.restoring = true;
    try {
      const restored = await restoreNotebook(file, from, { live: nb.db, close: () => nb.close(), reopen });
      this.attached();
      this.host.emit('notebook.restored', { backupId });
      this.host.emit('sources.changed', {});
      return { restored: backupId, schemaVersion: restored.schemaVersion, safetyBackup: restored.safetyBackup };
    } catch (err) {
      if (this.host.current().db.open) throw err;
      // The notebook was closed and the file at its path would not open: put back what was there.
      const safety = listBackups(file).find((b) => b.kind === 'pre-restore' && b.verified);
      if (safety)
        await restoreNotebook(file, join(backupsFolder(file), safety.backupId), { keepCurrent: false, reopen });
      this.attached();
      this.host.emit('sources.changed', {});
      throw new CasebookError(
        'backup_failed',
        `${backupId} could not be opened after restoring it (${toErrorInfo(err).message}); ` +
          'the notebook was put back as it was.',
      );
    } finally {
      this.restoring = false;
      hold();
    }
  }

  /** Wraps the router: every call first makes sure the notebook file is still where it was opened. */
  guard(router: Router): Router {
    return async (method, input): Promise<CallResult> => {
      try {
        await this.ensureInPlace();
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
      return router(method, input);
    };
  }

  /** The periodic check: the file is in place, and a due automatic backup is made. */
  async tick(): Promise<void> {
    if (this.closed) return;
    try {
      await this.ensureInPlace();
      await this.autoBackupIfDue();
    } catch (err) {
      console.error('Casebook: notebook check failed:', err);
    }
  }

  /**
   * When the notebook file was deleted or replaced underneath, copies what the
   * open connection still holds to a recovered file and goes on with that,
   * telling the analyst. Throws `notebook_missing` when the copy cannot be made.
   */
  ensureInPlace(): Promise<void> {
    if (this.recovering) return this.recovering;
    const nb = this.host.current();
    if (this.closed || !nb.db.open) return Promise.resolve();
    const state = notebookFileState(nb);
    if (state === 'ok') return Promise.resolve();
    const failed = this.recoveryFailed;
    if (failed && Date.now() - failed.at < RECOVERY_RETRY_MS) return Promise.reject(failed.error);
    this.recovering = this.recover(nb, state).finally(() => {
      this.recovering = null;
    });
    return this.recovering;
  }

  private async recover(nb: Notebook, state: 'deleted' | 'replaced'): Promise<void> {
    const what = state === 'deleted' ? 'was deleted or moved' : 'was replaced by another file';
    this.stopBackup();
    await this.settle();
    let target: string;
    try {
      target = await recoverNotebook(nb.db, nb.file);
    } catch (err) {
      const error = new CasebookError(
        'notebook_missing',
        `The notebook file ${nb.file} ${what} while it was open, and Casebook could not save a copy of it ` +
          `(${toErrorInfo(err).message}). Nothing more can be saved: keep Casebook open, free some space or ` +
          'check the folder, and Casebook will try again.',
      );
      this.recoveryFailed = { at: Date.now(), error };
      this.host.emit('notebook.lost', { file: nb.file, reason: state, recoveredTo: null, message: error.message });
      throw error;
    }
    this.host.replace(this.host.open(target));
    nb.close();
    dropOrphanJournals(nb);
    this.attached();
    const message =
      `The notebook file ${nb.file} ${what} while it was open. Everything up to your last change was saved to ` +
      `${target}, and Casebook goes on with that copy.`;
    this.host.emit('notebook.lost', { file: nb.file, reason: state, recoveredTo: target, message });
    this.host.emit('sources.changed', {});
  }

  private async run(kind: 'auto' | 'manual'): Promise<BackupInfo> {
    const nb = this.host.current();
    const abort = new AbortController();
    const changes = changeCount(nb.db);
    const promise = createBackup(nb.db, nb.file, kind, { signal: abort.signal });
    this.backup = { promise, abort };
    try {
      const info = await promise;
      if (this.host.current() === nb) {
        this.lastBackupAt = Date.parse(info.createdAt);
        this.changesAtBackup = changes;
      }
      this.lastFailure = null;
      this.host.emit('backups.changed', { failure: null });
      return info;
    } catch (err) {
      if (!abort.signal.aborted) {
        const { message } = toErrorInfo(err);
        this.lastFailure = { at: new Date().toISOString(), message };
        this.host.emit('backups.changed', { failure: message });
        if (kind === 'auto') console.error('Casebook: automatic backup failed:', message);
      }
      throw err;
    } finally {
      if (this.backup?.promise === promise) this.backup = null;
    }
  }

  /** Stops a backup in progress (its partial copy is deleted); used before the notebook closes. */
  stopBackup(): void {
    this.backup?.abort.abort();
  }

  /** Waits for a backup in progress to end, whichever way. */
  private async settle(): Promise<void> {
    await this.backup?.promise.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.stopBackup();
    await this.settle();
  }
}
