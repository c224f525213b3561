import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { SourceDetail } from '../../src-main/core/sources/types';
import { api } from '../api/client';
import { Icon } from '../components/Icon';
import { errorMessage } from './errors';
import { ArticleHeader } from './reader/ArticleHeader';
import { ArticleText } from './reader/ArticleText';
import { EditDetails } from './reader/EditDetails';
import { saveOriginal } from './reader/original';

export interface ReaderViewProps {
  sourceId: number;
  onBack(): void;
}

type Loaded = { sourceId: number; source: SourceDetail } | { sourceId: number; error: string };

/** One source's canonical text, as headings and paragraphs, under its metadata. */
export function ReaderView({ sourceId, onBack }: ReaderViewProps): ReactElement {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    let live = true;
    api['sources.get']({ sourceId }).then(
      (source) => live && setLoaded({ sourceId, source }),
      (err: unknown) => live && setLoaded({ sourceId, error: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [sourceId]);

  const current = loaded?.sourceId === sourceId ? loaded : null;
  const source = current && 'source' in current ? current.source : null;
  const title = source?.title ?? null;
  useEffect(() => {
    if (!title) return;
    document.title = `${title} — Casebook`;
    return () => {
      document.title = 'Casebook';
    };
  }, [title]);

  return (
    <div className="view view-reader">
      <header className="view-header reader-toolbar">
        <button type="button" className="button button-quiet" onClick={onBack}>
          <Icon name="back" size={16} />
          Library
        </button>
        {source && <ReaderActions source={source} editing={editing} onEdit={() => setEditing(true)} />}
      </header>
      <div className="reader-scroll" data-testid="reader">
        {current === null ? (
          <div className="view-message" aria-busy="true">
            Loading…
          </div>
        ) : 'error' in current ? (
          <div className="view-message" role="alert">
            <p>{current.error}</p>
            <button type="button" className="button" onClick={onBack}>
              Back to the Library
            </button>
          </div>
        ) : (
          <Article
            source={current.source}
            editing={editing}
            onSaved={(updated) => {
              setLoaded({ sourceId, source: updated });
              setEditing(false);
            }}
            onCancelEdit={() => setEditing(false)}
          />
        )}
      </div>
    </div>
  );
}

interface ReaderActionsProps {
  source: SourceDetail;
  editing: boolean;
  onEdit(): void;
}

function ReaderActions({ source, editing, onEdit }: ReaderActionsProps): ReactElement {
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = (): void => {
    setSaving(true);
    setProblem(null);
    saveOriginal(source.sourceId).then(
      () => setSaving(false),
      (err: unknown) => {
        setSaving(false);
        setProblem(`The original file could not be saved: ${errorMessage(err)}`);
      },
    );
  };
  return (
    <div className="view-actions reader-actions">
      {problem && (
        <p className="reader-problem" role="alert">
          {problem}
        </p>
      )}
      <button type="button" className="button" onClick={onEdit} disabled={editing}>
        <Icon name="edit" size={16} />
        Edit details
      </button>
      {source.hasOriginal && (
        <button
          type="button"
          className="button"
          onClick={save}
          disabled={saving}
          title={source.fileName ? `Save a copy of ${source.fileName}, as it was imported` : undefined}
        >
          <Icon name="download" size={16} />
          Original file
        </button>
      )}
    </div>
  );
}

interface ArticleProps {
  source: SourceDetail;
  editing: boolean;
  onSaved(source: SourceDetail): void;
  onCancelEdit(): void;
}

function Article({ source, editing, onSaved, onCancelEdit }: ArticleProps): ReactElement {
  const heading = useRef<HTMLHeadingElement>(null);
  // Moves focus into the article, so screen readers start at its title and keys scroll it;
  // again after editing, so the keyboard is not left on a form that is gone.
  useEffect(() => {
    if (!editing) heading.current?.focus({ preventScroll: true });
  }, [source.sourceId, editing]);

  return (
    <article className="reader">
      {editing ? (
        <EditDetails source={source} onSaved={onSaved} onCancel={onCancelEdit} />
      ) : (
        <ArticleHeader source={source} headingRef={heading} />
      )}
      <ArticleText source={source} />
    </article>
  );
}
