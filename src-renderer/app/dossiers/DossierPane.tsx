import type { LexicalEditor } from 'lexical';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { Dossier } from '../../../src-main/core/dossiers/types';
import { api, ApiError } from '../../api/client';
import { Icon } from '../../components/Icon';
import { DossierEditor } from '../../editor/DossierEditor';
import type { SaveStatus } from '../../editor/plugins/AutosavePlugin/NoteSaver';
import {
  clearDossierDraft,
  readDossierDraft,
  type DossierDraft,
  type DossierFields,
  type DossierSaver,
} from '../../editor/plugins/DossierAutosavePlugin/DossierSaver';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';
import { dateTimeOf } from '../format';
import { navigate } from '../route';
import { DossierHeader } from './DossierHeader';
import { ExportDialog } from './ExportDialog';

const fieldsOf = (d: Dossier): DossierFields => ({
  title: d.title,
  subjectEntityId: d.subjectEntityId,
  classification: d.classification,
  analyst: d.analyst,
});

/** What the editor opens: the dossier, maybe with edits a closed page left unsaved. */
interface Opened {
  dossier: Dossier;
  content: string;
  fields: DossierFields;
  /** The fields as the notebook holds them at the dossier's revision. */
  savedFields: DossierFields;
  /** Bumped to re-create the editor (and header) on content loaded from the notebook. */
  generation: number;
}

type ShownStatus = Exclude<SaveStatus, 'unsaved'>;

const STATUS_TEXT: Record<ShownStatus, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  error: 'Not saved — retrying',
  conflict: 'Not saved',
};

/** One dossier: its cover fields and text in one editor, saved as typed, and its export. */
export function DossierPane({ dossierId }: { dossierId: number }): ReactElement {
  const [opened, setOpened] = useState<Opened | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Written to the page directly, as the note's is: a React commit per save would walk the editor.
  const statusEl = useRef<HTMLSpanElement>(null);
  const [conflict, setConflict] = useState(false);
  const [offer, setOffer] = useState<DossierDraft | null>(null);
  const [subject, setSubject] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const saver = useRef<DossierSaver | null>(null);
  const editorRef = useRef<LexicalEditor | null>(null);

  const show = useCallback(
    (dossier: Dossier, recover: boolean): void => {
      let content = dossier.content;
      const savedFields = fieldsOf(dossier);
      let fields = savedFields;
      if (recover) {
        const draft = readDossierDraft(dossierId);
        if (draft && draft.content === dossier.content && JSON.stringify(draft.fields) === JSON.stringify(fields))
          clearDossierDraft(dossierId);
        else if (draft && draft.revision === dossier.revision) {
          content = draft.content;
          fields = draft.fields;
        } else if (draft) setOffer(draft);
      }
      setConflict(false);
      setSubject(fields.subjectEntityId);
      setOpened((prev) => ({ dossier, content, fields, savedFields, generation: (prev?.generation ?? 0) + 1 }));
    },
    [dossierId],
  );

  const load = useCallback(
    async (): Promise<void> => show(await api['dossiers.get']({ dossierId }), false),
    [dossierId, show],
  );

  useEffect(() => {
    let live = true;
    api['dossiers.get']({ dossierId }).then(
      (dossier) => live && show(dossier, true),
      (err: unknown) =>
        live &&
        setLoadError(
          err instanceof ApiError && err.code === 'not_found' ? `There is no dossier ${dossierId}.` : errorMessage(err),
        ),
    );
    return () => {
      live = false;
    };
  }, [dossierId, show]);

  const title = opened?.dossier.title;
  useEffect(() => {
    if (!title) return;
    document.title = `${title} — Casebook`;
    return () => {
      document.title = 'Casebook';
    };
  }, [title]);

  // Saved elsewhere (another window, the CLI): reload unless this copy has edits of its own.
  useEffect(
    () =>
      onCoreEvent('dossiers.changed', ({ dossierId: changed }) => {
        const s = saver.current;
        if (changed !== dossierId || !s || s.pending) return;
        api['dossiers.get']({ dossierId }).then(
          (dossier) => {
            const now = saver.current;
            if (now && !now.pending && dossier.revision > now.currentRevision) show(dossier, false);
          },
          () => undefined,
        );
      }),
    [dossierId, show],
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
  const onSaver = useCallback((s: DossierSaver | null) => {
    saver.current = s;
  }, []);
  const onFields = useCallback((fields: Partial<DossierFields>) => {
    if ('subjectEntityId' in fields) setSubject(fields.subjectEntityId ?? null);
    saver.current?.setFields(fields);
  }, []);
  const toText = useCallback(() => editorRef.current?.focus(), []);

  const reloadSaved = async (): Promise<void> => {
    saver.current?.discard();
    clearDossierDraft(dossierId);
    setOffer(null);
    onStatus('saved', null);
    await load();
  };

  const trash = async (): Promise<void> => {
    await saver.current?.flush();
    await api['dossiers.delete']({ dossierId });
    navigate({ name: 'dossiers' });
  };

  const restore = async (): Promise<void> => {
    await api['dossiers.restore']({ dossierId });
    await load();
  };

  const trashed = opened ? opened.dossier.deletedAt !== null : false;
  const generation = opened?.generation;
  const openedFields = opened?.fields;
  // One header per load of the dossier: it keeps its own field state while the analyst types.
  const header = useMemo(
    () =>
      openedFields ? (
        <DossierHeader key={generation} fields={openedFields} editable={!trashed} onFields={onFields} onDone={toText} />
      ) : null,
    [generation, openedFields, trashed, onFields, toText],
  );

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

  const { dossier } = opened;
  return (
    <div className="note-pane dossier-pane" data-dossier-id={dossierId}>
      <div className="note-main">
        <div className="note-bar">
          <span
            ref={statusEl}
            className="save-status is-saved"
            data-testid="save-status"
            role="status"
            title={`Saved ${dateTimeOf(dossier.updatedAt)}`}
          >
            {STATUS_TEXT.saved}
          </span>
          <div className="note-bar-actions">
            {!trashed && (
              <button type="button" className="button button-quiet button-small" onClick={() => void trash()}>
                <Icon name="trash" size={14} />
                Move to trash
              </button>
            )}
            <button
              type="button"
              className="button button-primary button-small"
              onClick={() => setExporting(true)}
              data-testid="export-button"
            >
              <Icon name="download" size={14} />
              Export…
            </button>
          </div>
        </div>
        {trashed && (
          <div className="note-banner" role="alert">
            This dossier is in the trash; it cannot be edited there.
            <button type="button" className="button button-small" onClick={() => void restore()}>
              Restore
            </button>
          </div>
        )}
        {conflict && (
          <div className="note-banner is-warning" role="alert" data-testid="conflict-banner">
            This dossier was changed elsewhere since you opened it, so your latest edits were not saved.
            <button type="button" className="button button-small" onClick={() => void saver.current?.overwrite()}>
              Keep mine
            </button>
            <button type="button" className="button button-small" onClick={() => void reloadSaved()}>
              Load the saved dossier
            </button>
          </div>
        )}
        {offer && (
          <div className="note-banner is-warning" role="alert">
            Edits made {dateTimeOf(offer.savedAt)} were not saved because the dossier changed since.
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setOpened(
                  (prev) =>
                    prev && {
                      ...prev,
                      content: offer.content,
                      fields: offer.fields,
                      generation: prev.generation + 1,
                    },
                );
                setSubject(offer.fields.subjectEntityId);
                setOffer(null);
              }}
            >
              Put them back
            </button>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => {
                clearDossierDraft(dossierId);
                setOffer(null);
              }}
            >
              Discard
            </button>
          </div>
        )}
        <DossierEditor
          key={opened.generation}
          dossierId={dossierId}
          revision={dossier.revision}
          content={opened.content}
          savedContent={dossier.content}
          fields={opened.fields}
          savedFields={opened.savedFields}
          subjectEntityId={subject}
          editable={!trashed}
          header={header}
          onStatus={onStatus}
          onSaver={onSaver}
          editorRef={editorRef}
        />
      </div>
      {exporting && (
        <ExportDialog
          dossierId={dossierId}
          beforeExport={async () => {
            await saver.current?.flush();
          }}
          onClose={() => setExporting(false)}
        />
      )}
    </div>
  );
}
