import { useCallback, useEffect, useState, useSyncExternalStore, type ReactElement } from 'react';
import { Icon } from '../../components/Icon';
import { errorMessage } from '../errors';

/** Long enough to read the line and reach the button; the same action stays undoable elsewhere after. */
const SHOW_MS = 10_000;
/** Left after the pointer moves off, or in a view opened late in the toast's time. */
const LAST_LOOK_MS = 3_000;

interface Toast {
  id: number;
  /** When it was first shown: a view opened later shows it only for what is left of its time. */
  shownAt: number;
  message: string;
  undo: (() => Promise<unknown>) | null;
}

/*
 * One toast for the entity views, kept outside any one view: a merge that
 * opens the survivor's page, or a delete from a list, still shows its Undo.
 */
let current: Toast | null = null;
let nextId = 1;
const listeners = new Set<() => void>();

function set(toast: Toast | null): void {
  current = toast;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const snapshot = (): Toast | null => current;

/** Says what just happened, with an Undo button when `undo` is given; replaces an older toast. */
export function showToast(message: string, undo?: () => Promise<unknown>): void {
  set({ id: nextId++, shownAt: Date.now(), message, undo: undo ?? null });
}

/** Closes only its own toast: an undo that finishes late must not close a newer one. */
function dismiss(id: number): void {
  if (current?.id === id) set(null);
}

/** Where the toast shows; each entity view renders one. */
export function ToastHost(): ReactElement | null {
  const toast = useSyncExternalStore(subscribe, snapshot);
  // A toast whose time ran out while no entity view was open is not brought back.
  const [mountedAt] = useState(() => Date.now());
  const live = toast && toast.shownAt + SHOW_MS > mountedAt;
  return live ? <UndoToast key={toast.id} toast={toast} /> : null;
}

function UndoToast({ toast }: { toast: Toast }): ReactElement {
  const { id } = toast;
  const onDone = useCallback(() => dismiss(id), [id]);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [hovered, setHovered] = useState(false);

  // Stays while the pointer is on it or an undo failed, so nothing is missed.
  const lingers = hovered || state.busy || state.error !== null;
  useEffect(() => {
    if (lingers) return;
    const timer = setTimeout(onDone, Math.max(LAST_LOOK_MS, toast.shownAt + SHOW_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [lingers, onDone, toast.shownAt]);

  const undo = (): void => {
    if (!toast.undo) return;
    setState({ busy: true, error: null });
    toast
      .undo()
      .then(onDone, (err: unknown) => setState({ busy: false, error: `It could not be undone: ${errorMessage(err)}` }));
  };

  return (
    <div
      className="ent-toast"
      role="status"
      data-testid="undo-toast"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
      <span className="ent-toast-message">{toast.message}</span>
      {toast.undo && (
        <button type="button" className="ent-toast-undo" onClick={undo} disabled={state.busy}>
          {state.busy ? 'Undoing…' : 'Undo'}
        </button>
      )}
      <button type="button" className="icon-button ent-toast-close" onClick={onDone} aria-label="Dismiss">
        <Icon name="close" size={14} />
      </button>
      {state.error && (
        <p className="ent-toast-error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
