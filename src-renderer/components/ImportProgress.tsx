import type { ReactElement } from 'react';
import type { JobProgress } from '../app/importJob';
import { baseName } from '../app/importing';
import { plural } from './ReportItems';

export interface ImportProgressProps {
  progress: JobProgress;
  cancelling: boolean;
  cancellable: boolean;
  queued: number;
  onCancel(): void;
}

const rateLabel = (rate: number): string =>
  `${rate < 10 ? rate.toLocaleString(undefined, { maximumFractionDigits: 1 }) : Math.round(rate).toLocaleString()} files/s`;

/** A running import: how far it is, what it just did, how fast, and a way to stop it. The window stays usable. */
export function ImportProgress({
  progress,
  cancelling,
  cancellable,
  queued,
  onCancel,
}: ImportProgressProps): ReactElement {
  const { done, total, current, rate } = progress;
  return (
    <div className="toast-body" data-testid="import-progress">
      <div className="progress-head">
        <p className="toast-title">
          {cancelling
            ? 'Cancelling…'
            : total === 0
              ? cancellable
                ? 'Reading files…'
                : 'Importing…'
              : `Importing ${plural(total, 'file', 'files')}…`}
        </p>
        {cancellable && (
          <button type="button" className="button button-small" onClick={onCancel} disabled={cancelling}>
            Cancel
          </button>
        )}
      </div>
      <progress
        className="toast-progress"
        max={Math.max(total, 1)}
        value={done}
        aria-label="Import progress"
        aria-valuetext={`${done} of ${total} files`}
      />
      <p className="toast-meta progress-counts">
        <span data-testid="import-done">
          {done.toLocaleString()} of {total.toLocaleString()}
        </span>
        {rate > 0 && <span className="progress-rate">{rateLabel(rate)}</span>}
      </p>
      {current && (
        <p className="toast-meta progress-current" title={current}>
          {baseName(current)}
        </p>
      )}
      {queued > 0 && (
        <p className="toast-meta">{queued === 1 ? 'One more import waits' : `${queued} more imports wait`} its turn.</p>
      )}
    </div>
  );
}
