import { useEffect, useState, type ReactElement } from 'react';
import type { NoteBacklink, NoteVersion, NoteVersionSummary } from '../../../src-main/core/notes/types';
import { api } from '../../api/client';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';
import { dateTimeOf } from '../format';
import { routeHref } from '../route';

export interface NoteSideProps {
  noteId: number;
  panel: 'links' | 'history';
  onRestoreVersion(versionId: number): Promise<void>;
}

/** The note's side panel: the notes that link to it, or its saved versions. */
export function NoteSide({ noteId, panel, onRestoreVersion }: NoteSideProps): ReactElement {
  return (
    <aside className="note-side" aria-label={panel === 'links' ? 'Linked from' : 'History'}>
      {panel === 'links' ? <LinkedFrom noteId={noteId} /> : <History noteId={noteId} onRestore={onRestoreVersion} />}
    </aside>
  );
}

/** Refetches when notes change (a link added elsewhere), at most a few times a second. */
function useNotesVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = onCoreEvent('notes.changed', () => {
      timer ??= setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, 500);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return version;
}

function LinkedFrom({ noteId }: { noteId: number }): ReactElement {
  const version = useNotesVersion();
  const [links, setLinks] = useState<NoteBacklink[] | null>(null);
  useEffect(() => {
    let live = true;
    api['notes.backlinks']({ target: 'note', id: noteId }).then(
      (found) => live && setLinks(found),
      () => live && setLinks([]),
    );
    return () => {
      live = false;
    };
  }, [noteId, version]);
  return (
    <section className="side-section" data-testid="linked-from">
      <h2 className="side-title">Linked from</h2>
      {links === null ? null : links.length === 0 ? (
        <p className="side-empty">No other note links here yet. Type [[ in a note to link one.</p>
      ) : (
        <ul className="side-list">
          {links.map((l) => (
            <li key={l.noteId}>
              <a className="side-link" href={routeHref({ name: 'notes', noteId: l.noteId })}>
                {l.title || 'Untitled note'}
              </a>
              <span className="side-meta">{dateTimeOf(l.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function History({ noteId, onRestore }: { noteId: number; onRestore(versionId: number): Promise<void> }): ReactElement {
  const version = useNotesVersion();
  const [versions, setVersions] = useState<NoteVersionSummary[] | null>(null);
  const [shown, setShown] = useState<NoteVersion | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api['notes.history']({ noteId }).then(
      (found) => live && setVersions(found),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [noteId, version]);

  const open = (versionId: number): void => {
    api['notes.version']({ versionId }).then(setShown, (err: unknown) => setError(errorMessage(err)));
  };

  return (
    <section className="side-section" data-testid="note-history">
      <h2 className="side-title">History</h2>
      <p className="side-hint">
        Earlier versions: one a minute for the last hour, one an hour for the last day, then one a day.
      </p>
      {error && (
        <p className="side-empty" role="alert">
          {error}
        </p>
      )}
      {versions?.length === 0 && <p className="side-empty">No earlier version yet.</p>}
      <ol className="side-list versions">
        {versions?.map((v) => (
          <li key={v.versionId}>
            <button
              type="button"
              className="version"
              aria-pressed={shown?.versionId === v.versionId}
              onClick={() => open(v.versionId)}
            >
              <span className="version-time">{dateTimeOf(v.savedAt)}</span>
              <span className="version-title">
                {v.title || 'Untitled'} · {v.length.toLocaleString()} characters
              </span>
            </button>
          </li>
        ))}
      </ol>
      {shown && (
        <div className="version-preview" data-testid="version-preview">
          <div className="version-preview-head">
            <strong>{dateTimeOf(shown.savedAt)}</strong>
            <button
              type="button"
              className="button button-small button-primary"
              onClick={() =>
                void onRestore(shown.versionId).then(
                  () => setShown(null),
                  (err: unknown) => setError(errorMessage(err)),
                )
              }
            >
              Restore this version
            </button>
          </div>
          <div className="version-text">{shown.text || '(empty)'}</div>
        </div>
      )}
    </section>
  );
}
