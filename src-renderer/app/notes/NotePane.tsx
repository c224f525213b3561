import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import type { Note } from '../../../src-main/core/notes/types';
import { api, ApiError } from '../../api/client';
import { Icon } from '../../components/Icon';
import { NoteEditor } from '../../editor/NoteEditor';
import { clearDraft, draftAction, type Draft } from '../../editor/plugins/AutosavePlugin/drafts';
import type { NoteSaver, SaveStatus } from '../../editor/plugins/AutosavePlugin/NoteSaver';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';
import { dateTimeOf } from '../format';
import { navigate } from '../route';
import { rememberOpenNote } from './lastNote';
import { NoteSide } from './NoteSide';

/** What the editor opens: the note, maybe with unsaved edits recovered from a closed page. */
interface Opened {
  note: Note;
  /** The content to show, when it differs from the note's (a recovered draft). */
  content: string;
  /** Bumped to re-create the editor on content loaded from the notebook. */
  generation: number;
}

type ShownStatus = Exclude<SaveStatus, 'unsaved'>;

const STATUS_TEXT: Record<ShownStatus, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  error: 'Not saved — retrying',
  conflict: 'Not saved',
};

/** One note: the editor, its saved state, and the side panel (linked from, history). */
export function NotePane({ noteId }: { noteId: number }): ReactElement {
  const [opened, setOpened] = useState<Opened | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The saved state is written to the page directly, not through React: every React commit
  // while the editor has focus walks the editor's text to keep the selection, and a save
  // changes the state twice a second while typing. Only a conflict, which shows a banner, renders.
  const statusEl = useRef<HTMLSpanElement>(null);
  const [conflict, setConflict] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [offer, setOffer] = useState<Draft | null>(null);
  const [side, setSide] = useState<'links' | 'history' | null>(null);
  const saver = useRef<NoteSaver | null>(null);

  /** Shows the note as the notebook holds it; with `recover`, with edits a closed page left unsaved. */
  const show = useCallback(
    (note: Note, recover: boolean): void => {
      let content = note.content;
      if (recover) {
        const found = draftAction(noteId, note);
        if (found?.action === 'apply') content = found.draft.content;
        else if (found?.action === 'offer') setOffer(found.draft);
      }
      setSavedAt(note.updatedAt);
      setConflict(false);
      setOpened((prev) => ({ note, content, generation: (prev?.generation ?? 0) + 1 }));
    },
    [noteId],
  );

  const load = useCallback(async (): Promise<void> => show(await api['notes.get']({ noteId }), false), [noteId, show]);

  useEffect(() => {
    rememberOpenNote(noteId);
    let live = true;
    api['notes.get']({ noteId }).then(
      (note) => live && show(note, true),
      (err: unknown) =>
        live &&
        setLoadError(
          err instanceof ApiError && err.code === 'not_found' ? `There is no note ${noteId}.` : errorMessage(err),
        ),
    );
    return () => {
      live = false;
    };
  }, [noteId, show]);

  // Another window saved, a version was restored, a quote was added from the reader: reload unless this copy has edits.
  useEffect(
    () =>
      onCoreEvent('notes.changed', ({ noteId: changed, revision }) => {
        const s = saver.current;
        if (changed !== noteId || !s) return;
        if (revision <= s.currentRevision || (s.saving && revision === s.currentRevision + 1)) return;
        if (!s.pending) void load();
      }),
    [noteId, load],
  );

  const onStatus = useCallback((s: SaveStatus, message: string | null) => {
    const shown: ShownStatus = s === 'unsaved' ? 'saving' : s;
    const el = statusEl.current;
    if (el) {
      el.textContent = STATUS_TEXT[shown];
      el.className = `save-status is-${shown}`;
      el.title = message ?? (shown === 'saved' ? `Saved ${dateTimeOf(new Date().toISOString())}` : '');
    }
    setConflict(shown === 'conflict');
  }, []);
  const onSaver = useCallback((s: NoteSaver | null) => {
    saver.current = s;
  }, []);

  /** Re-opens the note as saved in the notebook, dropping this copy's unsaved edits. */
  const reloadSaved = async (): Promise<void> => {
    saver.current?.discard();
    clearDraft(noteId);
    setOffer(null);
    onStatus('saved', null);
    await load();
  };

  const trash = async (): Promise<void> => {
    await saver.current?.flush();
    await api['notes.delete']({ noteId });
    rememberOpenNote(null);
    navigate({ name: 'notes' });
  };

  const restore = async (): Promise<void> => {
    await api['notes.restore']({ noteId });
    await load();
  };

  const restoreVersion = async (versionId: number): Promise<void> => {
    await saver.current?.flush();
    saver.current?.dispose();
    await api['notes.restoreVersion']({ noteId, versionId });
    await load();
  };

  if (loadError)
    return (
      <div className="view-message" role="alert">
        <p>{loadError}</p>
      </div>
    );
  if (!opened)
    return (
      <div className="view-message" aria-busy="true">
        Loading…
      </div>
    );

  const { note } = opened;
  const trashed = note.deletedAt !== null;
  return (
    <div className="note-pane" data-note-id={noteId}>
      <div className="note-main">
        <div className="note-bar">
          <span
            ref={statusEl}
            className="save-status is-saved"
            data-testid="save-status"
            role="status"
            title={savedAt ? `Saved ${dateTimeOf(savedAt)}` : undefined}
          >
            {STATUS_TEXT.saved}
          </span>
          <div className="note-bar-actions">
            <button
              type="button"
              className="button button-quiet button-small"
              aria-pressed={side === 'links'}
              onClick={() => setSide((s) => (s === 'links' ? null : 'links'))}
            >
              Linked from
            </button>
            <button
              type="button"
              className="button button-quiet button-small"
              aria-pressed={side === 'history'}
              onClick={() => setSide((s) => (s === 'history' ? null : 'history'))}
            >
              <Icon name="history" size={14} />
              History
            </button>
            {!trashed && (
              <button type="button" className="button button-quiet button-small" onClick={() => void trash()}>
                <Icon name="trash" size={14} />
                Move to trash
              </button>
            )}
          </div>
        </div>
        {trashed && (
          <div className="note-banner" role="alert">
            This note is in the trash; it cannot be edited there.
            <button type="button" className="button button-small" onClick={() => void restore()}>
              Restore
            </button>
          </div>
        )}
        {conflict && (
          <div className="note-banner is-warning" role="alert" data-testid="conflict-banner">
            This note was changed elsewhere since you opened it, so your latest edits were not saved.
            <button type="button" className="button button-small" onClick={() => void saver.current?.overwrite()}>
              Keep mine
            </button>
            <button type="button" className="button button-small" onClick={() => void reloadSaved()}>
              Load the saved note
            </button>
          </div>
        )}
        {offer && (
          <div className="note-banner is-warning" role="alert">
            Edits made {dateTimeOf(offer.savedAt)} were not saved because the note changed since.
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setOpened((prev) => prev && { ...prev, content: offer.content, generation: prev.generation + 1 });
                setOffer(null);
              }}
            >
              Put them back
            </button>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => {
                clearDraft(noteId);
                setOffer(null);
              }}
            >
              Discard
            </button>
          </div>
        )}
        <NoteEditor
          key={opened.generation}
          noteId={noteId}
          revision={note.revision}
          content={opened.content}
          savedContent={note.content}
          editable={!trashed}
          onStatus={onStatus}
          onSaver={onSaver}
        />
      </div>
      {side && <NoteSide noteId={noteId} panel={side} onRestoreVersion={restoreVersion} />}
    </div>
  );
}
