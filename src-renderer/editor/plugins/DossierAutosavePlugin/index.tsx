import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect, useRef } from 'react';
import type { DossierSaved } from '../../../../src-main/core/dossiers/types';
import { LOAD_TAG } from '../AutosavePlugin';
import type { SaveStatus } from '../AutosavePlugin/NoteSaver';
import { registerSaver } from '../AutosavePlugin/registry';
import { StateSerializer } from '../AutosavePlugin/serialize';
import { DossierSaver, type DossierFields } from './DossierSaver';

export interface DossierAutosavePluginProps {
  dossierId: number;
  /** What the editor was created with. */
  revision: number;
  content: string;
  savedFields: DossierFields;
  /** The fields shown; differ from `savedFields` when recovered edits reopen. */
  fields: DossierFields;
  /** The editor opened with other content or fields (recovered edits): save them without waiting for a change. */
  dirtyAtStart?: boolean;
  onStatus(status: SaveStatus, message: string | null): void;
  onSaved?(saved: DossierSaved): void;
  /** Receives the saver: the header's fields, the export's flush and the conflict actions go through it. */
  onSaver?(saver: DossierSaver | null): void;
}

/**
 * Saves the dossier as it is edited, and what is pending when the editor
 * closes (a route change, the page hiding or closing), like notes do.
 */
export function DossierAutosavePlugin(props: DossierAutosavePluginProps): null {
  const [editor] = useLexicalComposerContext();
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const { dossierId, revision, content, savedFields } = props;

  useEffect(() => {
    const serializer = new StateSerializer();
    const saver = new DossierSaver({
      dossierId,
      revision,
      content,
      fields: savedFields,
      serialize: () => serializer.serialize(editor.getEditorState()).json,
      onStatus: (status, message) => latest.current.onStatus(status, message),
      onSaved: (saved) => latest.current.onSaved?.(saved),
    });
    const unregister = registerSaver(saver);
    latest.current.onSaver?.(saver);
    if (latest.current.dirtyAtStart) saver.setFields(latest.current.fields);
    const stop = editor.registerUpdateListener((payload) => {
      serializer.invalidate(payload);
      if (payload.tags.has(LOAD_TAG)) return;
      if (payload.dirtyElements.size === 0 && payload.dirtyLeaves.size === 0) return;
      saver.changed();
    });
    return () => {
      stop();
      latest.current.onSaver?.(null);
      void saver.flush().finally(() => {
        saver.dispose();
        unregister();
      });
    };
    // The saver lives as long as the editor shows this dossier; revision, content and saved fields are where it starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, dossierId]);

  return null;
}
