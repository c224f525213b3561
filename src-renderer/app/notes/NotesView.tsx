import { useState, type ReactElement } from 'react';
import { api } from '../../api/client';
import { errorMessage } from '../errors';
import { navigate } from '../route';
import { NotePane } from './NotePane';
import { NotesList } from './NotesList';

/** `#/notes` and `#/notes/ID`: the notes list beside the open note. */
export function NotesView({ noteId }: { noteId: number | null }): ReactElement {
  const [error, setError] = useState<string | null>(null);
  const create = (): void => {
    api['notes.create']({}).then(
      (note) => navigate({ name: 'notes', noteId: note.noteId }),
      (err: unknown) => setError(errorMessage(err)),
    );
  };
  return (
    <div className="view notes-view">
      <NotesList selected={noteId} onNew={create} />
      <section className="notes-pane">
        {error && (
          <p className="note-banner is-warning" role="alert">
            {error}
          </p>
        )}
        {noteId !== null ? (
          <NotePane key={noteId} noteId={noteId} />
        ) : (
          <div className="view-message">
            <p>Pick a note on the left, or start a new one.</p>
            <button type="button" className="button button-primary" onClick={create}>
              New note
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
