import type { ReactElement } from 'react';
import { Icon } from './Icon';
import type { DragKind } from './useDrop';

const TEXT: Record<DragKind, { title: string; hint: string }> = {
  files: { title: 'Drop files to import', hint: 'They are added to this notebook’s Library.' },
  content: {
    title: 'Drop to import this selection',
    hint: 'The text (and its link, when one comes along) becomes a source in the Library.',
  },
};

/** Covers the window while something importable is dragged over it; the drop itself is handled at window level. */
export function DropOverlay({ kind }: { kind: DragKind }): ReactElement {
  const { title, hint } = TEXT[kind];
  return (
    <div className="drop-overlay" data-testid="drop-overlay" data-kind={kind} aria-hidden="true">
      <div className="drop-target">
        <Icon name="upload" size={36} />
        <p className="drop-title">{title}</p>
        <p className="drop-hint">{hint}</p>
      </div>
    </div>
  );
}
