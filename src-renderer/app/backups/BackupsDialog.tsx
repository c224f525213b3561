import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import type { BackupInfo, BackupList, BackupSettings } from '../../../src-main/core/backup/types';
import { api } from '../../api/client';
import { Icon } from '../../components/Icon';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';
import { dateTimeOf } from '../format';

const KIND_LABEL: Record<BackupInfo['kind'], string> = {
  auto: 'Automatic',
  manual: 'Manual',
  'pre-restore': 'Before a restore',
  damaged: 'Damaged notebook',
};

export const sizeOf = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;

const INTERVALS: Array<{ minutes: number; label: string }> = [
  { minutes: 15, label: 'every 15 minutes' },
  { minutes: 60, label: 'every hour' },
  { minutes: 240, label: 'every 4 hours' },
  { minutes: 1440, label: 'every day' },
];

function Settings({
  settings,
  onChange,
}: {
  settings: BackupSettings;
  onChange(patch: Partial<BackupSettings>): void;
}) {
  const intervals = INTERVALS.some((i) => i.minutes === settings.intervalMinutes)
    ? INTERVALS
    : [...INTERVALS, { minutes: settings.intervalMinutes, label: `every ${settings.intervalMinutes} minutes` }];
  return (
    <div className="backups-settings">
      <label className="backups-auto">
        <input type="checkbox" checked={settings.auto} onChange={(e) => onChange({ auto: e.currentTarget.checked })} />
        Back up automatically
      </label>
      <select
        className="tool-select"
        aria-label="How often"
        value={settings.intervalMinutes}
        disabled={!settings.auto}
        onChange={(e) => onChange({ intervalMinutes: Number(e.currentTarget.value) })}
      >
        {intervals.map((i) => (
          <option key={i.minutes} value={i.minutes}>
            {i.label}
          </option>
        ))}
      </select>
      <label className="backups-keep">
        keep the last
        <input
          type="number"
          className="form-input backups-keep-input"
          min={1}
          max={1000}
          value={settings.keep}
          onChange={(e) => {
            const keep = Number(e.currentTarget.value);
            if (Number.isInteger(keep) && keep >= 1 && keep <= 1000) onChange({ keep });
          }}
        />
      </label>
    </div>
  );
}

export interface BackupsDialogProps {
  onClose(): void;
}

/**
 * The notebook's backups: "Back up now", the list (time, size, whether the
 * copy checked out), the automatic-backup settings, and Restore behind a
 * confirmation. A restore reloads the app on the restored notebook.
 */
export function BackupsDialog({ onClose }: BackupsDialogProps): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  const [list, setList] = useState<BackupList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  const load = useCallback(() => {
    api['backups.list']({}).then(setList, (err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(() => {
    load();
    return onCoreEvent('backups.changed', load);
  }, [load]);

  const backUp = (): void => {
    setBusy('backup');
    setError(null);
    api['backups.create']({}).then(
      () => {
        setBusy(null);
        load();
      },
      (err: unknown) => {
        setBusy(null);
        setError(errorMessage(err));
        load();
      },
    );
  };

  const restore = (backup: BackupInfo): void => {
    setBusy('restore');
    setError(null);
    api['backups.restore']({ backupId: backup.backupId }).then(
      // Every view reads the notebook anew.
      () => window.location.reload(),
      (err: unknown) => {
        setBusy(null);
        setConfirming(null);
        setError(errorMessage(err));
        load();
      },
    );
  };

  const change = (patch: Partial<BackupSettings>): void => {
    api['backups.settings'](patch).then(
      (settings) => setList((l) => (l ? { ...l, settings } : l)),
      (err: unknown) => setError(errorMessage(err)),
    );
  };

  return (
    <dialog
      ref={dialog}
      className="dialog backups-dialog"
      aria-labelledby="backups-title"
      data-testid="backups"
      onCancel={(e) => {
        if (busy) e.preventDefault();
      }}
      onClose={onClose}
    >
      <header className="dialog-header">
        <h2 className="dialog-title" id="backups-title">
          Backups
        </h2>
        <button
          type="button"
          className="button button-primary"
          onClick={backUp}
          disabled={busy !== null}
          aria-busy={busy === 'backup'}
        >
          {busy === 'backup' ? 'Backing up…' : 'Back up now'}
        </button>
        <button
          type="button"
          className="icon-button dialog-close"
          onClick={onClose}
          aria-label="Close"
          disabled={!!busy}
        >
          <Icon name="close" size={16} />
        </button>
      </header>
      <div className="dialog-body">
        {error && (
          <p className="backups-error" role="alert">
            {error}
          </p>
        )}
        {list?.lastFailure && (
          <p className="backups-error" role="alert">
            The automatic backup of {dateTimeOf(list.lastFailure.at)} failed and was not kept:{' '}
            {list.lastFailure.message}
          </p>
        )}
        {list === null ? (
          !error && (
            <p className="dialog-message" aria-busy="true">
              Loading…
            </p>
          )
        ) : (
          <>
            <Settings settings={list.settings} onChange={change} />
            <p className="backups-folder" title={list.folder}>
              Kept in <span className="backups-path">{list.folder}</span>. Each backup is checked (opened and verified
              page by page) before it is kept.
            </p>
            {list.backups.length === 0 ? (
              <p className="dialog-message">No backups of this notebook yet.</p>
            ) : (
              <ul className="backups-list" aria-label="Backups, newest first" data-testid="backups-list">
                {list.backups.map((b) => (
                  <li key={b.backupId} className="backups-row" data-testid="backup-row">
                    <span className="backups-when">{dateTimeOf(b.createdAt)}</span>
                    <span className="backups-kind">{KIND_LABEL[b.kind]}</span>
                    <span className="backups-size">{sizeOf(b.size)}</span>
                    {b.verified ? (
                      <span className="state-badge backups-verified">Verified</span>
                    ) : (
                      <span className="state-badge backups-unverified" title={b.problem ?? undefined}>
                        Not verified
                      </span>
                    )}
                    {confirming?.backupId === b.backupId ? (
                      <span className="backups-confirm" role="group" aria-label="Confirm the restore">
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={() => restore(b)}
                          disabled={busy !== null}
                        >
                          {busy === 'restore' ? 'Restoring…' : 'Replace the notebook'}
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setConfirming(null)}
                          disabled={busy !== null}
                        >
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setConfirming(b)}
                        disabled={busy !== null || !b.verified}
                      >
                        Restore…
                      </button>
                    )}
                    {confirming?.backupId === b.backupId && (
                      <p className="backups-warning">
                        The notebook goes back to how it was on {dateTimeOf(b.createdAt)}. It is backed up as it is now
                        first, so you can undo this by restoring that backup.
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
