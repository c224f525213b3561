import { Fragment, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { SourceDetail } from '../../src-main/core/sources/types';
import { api } from '../api/client';
import { Icon } from '../components/Icon';
import { errorMessage } from './errors';
import { dayOf, kindLabel, splitBlocks } from './format';

export interface ReaderViewProps {
  sourceId: number;
  onBack(): void;
}

type Loaded = { sourceId: number; source: SourceDetail } | { sourceId: number; error: string };

/** One source's canonical text, as paragraphs, under its metadata. */
export function ReaderView({ sourceId, onBack }: ReaderViewProps): ReactElement {
  const [loaded, setLoaded] = useState<Loaded | null>(null);

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
  const title = current && 'source' in current ? current.source.title : null;
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
          <Article source={current.source} />
        )}
      </div>
    </div>
  );
}

function Article({ source }: { source: SourceDetail }): ReactElement {
  const blocks = useMemo(() => splitBlocks(source.text), [source.text]);
  const heading = useRef<HTMLHeadingElement>(null);
  // Moves focus into the article, so screen readers start at its title and keys scroll it.
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [source.sourceId]);

  const meta: [string, string | null][] = [
    ['Published', source.publishedAt ? dayOf(source.publishedAt) : null],
    ['Byline', source.byline],
    ['URL', source.url],
    ['File', source.fileName],
    ['Kind', kindLabel(source.kind)],
    ['Imported', dayOf(source.importedAt)],
  ];
  return (
    <article className="reader" lang={source.lang ?? undefined}>
      <header className="reader-header">
        <h1 className="reader-title" ref={heading} tabIndex={-1}>
          {source.title}
        </h1>
        <dl className="reader-meta">
          {meta
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div key={label} className={`meta-item meta-${label.toLowerCase()}`}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </header>
      <div className="reader-text" data-testid="reader-text">
        {blocks.map((lines, i) => (
          <p key={i}>
            {lines.map((line, j) => (
              <Fragment key={j}>
                {j > 0 && <br />}
                {line}
              </Fragment>
            ))}
          </p>
        ))}
      </div>
    </article>
  );
}
