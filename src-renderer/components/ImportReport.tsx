import { useEffect, useRef, type ReactElement } from 'react';
import type { ImportResult } from '../../src-main/core/sources/types';
import { countResults } from '../app/importing';
import type { ImportState } from '../app/useImporter';
import { Icon } from './Icon';

/** Failures are listed one by one up to this many; an analyst can re-drop the rest. */
const MAX_LISTED = 50;

/** How long a report of plain success stays up. */
const SUCCESS_VISIBLE_MS = 8000;

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export interface ImportReportProps {
  state: ImportState;
  onDismiss(): void;
  onOpen(sourceId: number): void;
}

function Progress({ done, total }: { done: number; total: number }): ReactElement {
  return (
    <div className="toast-body">
      <p className="toast-title">{total === 0 ? 'Reading files…' : `Importing ${plural(total, 'file', 'files')}…`}</p>
      <progress className="toast-progress" max={Math.max(total, 1)} value={done} aria-label="Import progress" />
      {total > 0 && (
        <p className="toast-meta">
          {done.toLocaleString()} of {total.toLocaleString()}
        </p>
      )}
    </div>
  );
}

function Failure({ result }: { result: ImportResult }): ReactElement {
  const name = baseName(result.file);
  const message = result.error?.message ?? 'Unknown error.';
  return (
    <li className="report-failure">
      {name && !message.includes(name) && <span className="report-file">{name}</span>}
      <span className="report-message">{message}</span>
    </li>
  );
}

function Report({ results, onOpen }: { results: ImportResult[]; onOpen(sourceId: number): void }): ReactElement {
  const counts = countResults(results);
  const failures = results.filter((r) => r.status === 'failed');
  const single = results.length === 1 && results[0]!.sourceId !== null ? results[0]! : null;
  const title =
    results.length === 0
      ? 'No files found to import'
      : counts.failed === results.length
        ? results.length === 1
          ? 'The file was not imported'
          : 'No file was imported'
        : 'Import finished';
  return (
    <div className="toast-body">
      <p className="toast-title">{title}</p>
      {results.length > 0 && (
        <ul className="report-counts" aria-label="Summary">
          <li className={counts.imported > 0 ? 'count-imported is-some' : 'count-imported'}>
            {plural(counts.imported, 'imported', 'imported')}
          </li>
          {counts.duplicate > 0 && (
            <li className="count-duplicate" title="Already in the notebook: nothing was added">
              {plural(counts.duplicate, 'duplicate', 'duplicates')}
            </li>
          )}
          {counts.failed > 0 && <li className="count-failed">{plural(counts.failed, 'failed', 'failed')}</li>}
        </ul>
      )}
      {counts.duplicate > 0 && counts.imported === 0 && counts.failed === 0 && (
        <p className="toast-meta">
          {counts.duplicate === 1 ? 'This text is' : 'These texts are'} already in the notebook; nothing was added.
        </p>
      )}
      {failures.length > 0 && (
        <ul className="report-failures">
          {failures.slice(0, MAX_LISTED).map((r, i) => (
            <Failure key={`${i}:${r.file}`} result={r} />
          ))}
          {failures.length > MAX_LISTED && (
            <li className="report-more">and {plural(failures.length - MAX_LISTED, 'more', 'more')}</li>
          )}
        </ul>
      )}
      {single && (
        <button
          type="button"
          className="button button-small toast-open"
          onClick={() => onOpen(single.sourceId!)}
          title={single.title ?? undefined}
        >
          <span>Open “{single.title}”</span>
        </button>
      )}
    </div>
  );
}

/**
 * Import progress, then what happened to each file. A report with anything to
 * read (duplicates, failures) stays until dismissed; plain success goes away
 * by itself unless the pointer or the focus is on it.
 */
export function ImportReport({ state, onDismiss, onOpen }: ImportReportProps): ReactElement {
  const region = useRef<HTMLDivElement>(null);
  const allImported =
    state.phase === 'done' && state.results.length > 0 && state.results.every((r) => r.status === 'imported');
  const reportId = state.phase === 'done' ? state.id : null;
  useEffect(() => {
    if (!allImported) return;
    const timer = setTimeout(() => {
      const el = region.current;
      if (el && !el.contains(document.activeElement) && !el.matches(':hover')) onDismiss();
    }, SUCCESS_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [allImported, reportId, onDismiss]);

  return (
    <div ref={region} className="toast-region" role="status" aria-live="polite" data-testid="import-report">
      {state.phase !== 'idle' && (
        <section className={`toast ${state.phase === 'done' ? 'toast-done' : ''}`} aria-label="Import">
          {state.phase === 'working' ? (
            <Progress done={state.done} total={state.total} />
          ) : (
            <Report results={state.results} onOpen={onOpen} />
          )}
          {state.phase === 'done' && (
            <button type="button" className="icon-button toast-close" onClick={onDismiss} aria-label="Dismiss">
              <Icon name="close" size={16} />
            </button>
          )}
        </section>
      )}
    </div>
  );
}
