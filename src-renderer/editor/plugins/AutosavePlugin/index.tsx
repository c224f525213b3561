import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect, useRef } from 'react';
import type { NoteSaved } from '../../../../src-main/core/notes/types';
import { NoteSaver, type SaveStatus } from './NoteSaver';
import { registerSaver } from './registry';
import { StateSerializer } from './serialize';

/** The tag of updates that load content from the notebook: they are not edits to save. */
export const LOAD_TAG = 'casebook-load';

export interface AutosavePluginProps {
  noteId: number;
  /** The revision and JSON text the editor was created with. */
  revision: number;
  content: string;
  /** The editor opened with other content (recovered edits): save it without waiting for a change. */
  dirtyAtStart?: boolean;
  onStatus(status: SaveStatus, message: string | null): void;
  onSaved?(saved: NoteSaved): void;
  /** Receives the saver, for the view's flush, conflict and reload actions. */
  onSaver?(saver: NoteSaver | null): void;
}

/**
 * Saves the note as it is edited (see NoteSaver), and whatever is pending when
 * the editor closes: on a route change, when the page hides or is closed.
 */
export function AutosavePlugin(props: AutosavePluginProps): null {
  const [editor] = useLexicalComposerContext();
  // The latest callbacks, without re-creating the saver (and losing its state) when they change.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const { noteId, revision, content } = props;

  useEffect(() => {
    const serializer = new StateSerializer();
    const saver = new NoteSaver({
      noteId,
      revision,
      content,
      serialize: () => serializer.serialize(editor.getEditorState()),
      onStatus: (status, message) => latest.current.onStatus(status, message),
      onSaved: (saved) => latest.current.onSaved?.(saved),
    });
    const unregister = registerSaver(saver);
    latest.current.onSaver?.(saver);
    if (latest.current.dirtyAtStart) saver.changed();
    const stop = editor.registerUpdateListener((payload) => {
      serializer.invalidate(payload);
      if (payload.tags.has(LOAD_TAG)) return;
      if (payload.dirtyElements.size === 0 && payload.dirtyLeaves.size === 0) return;
      saver.changed();
    });
    return () => {
      stop();
      latest.current.onSaver?.(null);
      // Leaving the note (another route, another note): what is pending goes now.
      void saver.flush().finally(() => {
        saver.dispose();
        unregister();
      });
    };
    // The saver lives as long as the editor shows this note; revision and content are where it starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, noteId]);

  return null;
}
