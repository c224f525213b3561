import type { ReactElement } from 'react';
import { Icon } from './Icon';

/** Covers the window while files are dragged over it; the drop itself is handled at window level. */
export function DropOverlay(): ReactElement {
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-target">
        <Icon name="upload" size={36} />
        <p className="drop-title">Drop files to import</p>
        <p className="drop-hint">They are added to this notebook&rsquo;s Library.</p>
      </div>
    </div>
  );
}
