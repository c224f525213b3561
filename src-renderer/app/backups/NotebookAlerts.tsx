import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { EventMap } from '../../../src-main/api/contract';
import { onCoreEvent } from '../events';

/**
 * What happens to the notebook as a whole, told in every window: restored
 * from a backup (this window reloads on it), or its file deleted or replaced
 * underneath (the app goes on with a recovered copy; the analyst must know
 * where it is).
 */
export function NotebookAlerts(): ReactElement | null {
  const [lost, setLost] = useState<EventMap['notebook.lost'] | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const stopRestored = onCoreEvent('notebook.restored', () => window.location.reload());
    const stopLost = onCoreEvent('notebook.lost', setLost);
    return () => {
      stopRestored();
      stopLost();
    };
  }, []);

  useEffect(() => {
    const el = dialog.current;
    if (lost && el && !el.open) el.showModal();
  }, [lost]);

  if (!lost) return null;
  return (
    <dialog
      ref={dialog}
      className="dialog notebook-alert"
      role="alertdialog"
      aria-labelledby="notebook-alert-title"
      aria-describedby="notebook-alert-text"
      data-testid="notebook-lost"
      onClose={() => {
        // The views hold the old notebook's data: read everything from the copy.
        if (lost.recoveredTo) window.location.reload();
        else setLost(null);
      }}
    >
      <header className="dialog-header">
        <h2 className="dialog-title" id="notebook-alert-title">
          {lost.recoveredTo ? 'The notebook file went away; your work is safe' : 'The notebook file went away'}
        </h2>
      </header>
      <div className="dialog-body">
        <p id="notebook-alert-text" className="notebook-alert-text">
          {lost.message}
        </p>
        <form method="dialog" className="notebook-alert-actions">
          <button type="submit" className="button button-primary" autoFocus>
            {lost.recoveredTo ? 'Go on with the copy' : 'OK'}
          </button>
        </form>
      </div>
    </dialog>
  );
}
