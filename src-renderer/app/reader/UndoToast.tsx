import { useEffect, useRef, useState, type ReactElement } from 'react';
import { Icon } from '../../components/Icon';
import { errorMessage } from '../errors';

export interface UndoToastProps {
  message: string;
  /** Puts back what was done; the toast closes when it succeeds. */
  onUndo(): Promise<unknown>;
  onDismiss(): void;
}

/** Long enough to notice and reach the button; paused while the pointer or focus is on the toast. */
const VISIBLE_MS = 10_000;

/** "Passage deleted. Undo": one step back from a deletion, in the corner. */
export function UndoToast({ message, onUndo, onDismiss }: UndoToastProps): ReactElement {
  const [undoing, setUndoing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [held, setHeld] = useState(false);
  const dismiss = useRef(onDismiss);
  useEffect(() => {
    dismiss.current = onDismiss;
  });

  useEffect(() => {
    if (held || problem) return;
    const timer = setTimeout(() => dismiss.current(), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [held, problem, message]);

  const undo = (): void => {
    setUndoing(true);
    onUndo().then(
      () => dismiss.current(),
      (err: unknown) => {
        setUndoing(false);
        setProblem(`It could not be undone: ${errorMessage(err)}`);
      },
    );
  };

  return (
    <div
      className="undo-toast"
      role="status"
      data-testid="undo-toast"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span className="undo-message">{problem ?? message}</span>
      <button type="button" className="button button-small" onClick={undo} disabled={undoing}>
        Undo
      </button>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
