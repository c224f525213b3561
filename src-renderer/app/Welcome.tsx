import type { ReactElement } from 'react';
import { Icon } from '../components/Icon';

export interface WelcomeProps {
  onImport(): void;
  onSample(): void;
  busy: boolean;
}

/** What an empty notebook shows: the two ways in. */
export function Welcome({ onImport, onSample, busy }: WelcomeProps): ReactElement {
  return (
    <div className="welcome" data-testid="welcome">
      <div className="welcome-card">
        <div className="welcome-mark" aria-hidden="true">
          <Icon name="library" size={28} />
        </div>
        <h2 className="welcome-title">This notebook is empty</h2>
        <p className="welcome-text">
          Bring in the articles you are researching. Casebook keeps their text, and later your passages, entities, notes
          and dossiers, in one notebook file on this computer. Nothing is sent anywhere.
        </p>
        <div className="welcome-actions">
          <button type="button" className="button button-primary" onClick={onImport} disabled={busy}>
            <Icon name="upload" size={16} />
            Import files…
          </button>
          <button type="button" className="button" onClick={onSample} disabled={busy}>
            <Icon name="doc" size={16} />
            Open the sample article
          </button>
        </div>
        <p className="welcome-hint">You can also drop files anywhere in this window.</p>
      </div>
    </div>
  );
}
