import { useEffect, useMemo, useRef, type ReactElement } from 'react';
import type { ImportResult } from '../../src-main/core/sources/types';
import { countResults } from '../app/importing';
import type { ImportState } from '../app/useImporter';
import { Icon } from './Icon';
import { ImportProgress } from './ImportProgress';
import { countLabel, plural, ReportCounts, ReportItems } from './ReportItems';

/** How long a report of plain success stays up. */
const SUCCESS_VISIBLE_MS = 8000;

export interface ImportReportProps {
  state: ImportState;
  onCancel(): void;
  onDismiss(): void;
  onOpen(sourceId: number): void;
}

function reportTitle(results: readonly ImportResult[], cancelled: boolean): string {
  const counts = countResults(results);
  if (cancelled) return 'Import cancelled';
  if (results.length === 0) return 'No files found to import';
  if (counts.failed === results.length)
    return results.length === 1 ? 'The file was not imported' : 'No file was imported';
  return 'Import finished';
}

function Report({
  results,
  cancelled,
  onOpen,
}: {
  results: ImportResult[];
  cancelled: boolean;
  onOpen(sourceId: number): void;
}): ReactElement {
  const counts = useMemo(() => countResults(results), [results]);
  return (
    <div className="toast-body">
      <p className="toast-title">{reportTitle(results, cancelled)}</p>
      {results.length > 0 && <ReportCounts counts={counts} />}
      {counts.duplicate > 0 && counts.imported === 0 && counts.failed === 0 && counts.cancelled === 0 && (
        <p className="toast-meta">
          {counts.duplicate === 1 ? 'This text is' : 'These texts are'} already in the notebook; nothing was added.
        </p>
      )}
      {results.length > 0 && <ReportItems results={results} onOpen={onOpen} />}
    </div>
  );
}

function announcement(state: ImportState): string {
  switch (state.phase) {
    case 'idle':
      return '';
    case 'working':
      if (state.cancelling) return 'Cancelling the import.';
      return state.progress.total > 0 ? `Importing ${plural(state.progress.total, 'file', 'files')}.` : 'Importing.';
    default: {
      const counts = countResults(state.results);
      const parts = (['imported', 'duplicate', 'failed', 'cancelled'] as const)
        .filter((o) => o === 'imported' || counts[o] > 0)
        .map((o) => countLabel(o, counts[o]));
      return `${reportTitle(state.results, state.cancelled)}: ${parts.join(', ')}.`;
    }
  }
}

/**
 * Import progress, then what happened to each file. A report with anything to
 * read (duplicates, failures) stays until dismissed; plain success goes away
 * by itself unless the pointer or the focus is on it.
 */
export function ImportReport({ state, onCancel, onDismiss, onOpen }: ImportReportProps): ReactElement {
  const region = useRef<HTMLDivElement>(null);
  const allImported =
    state.phase === 'done' && state.results.length > 0 && state.results.every((r) => r.status === 'imported');
  const shownId = state.phase === 'done' ? state.id : null;
  useEffect(() => {
    if (!allImported) return;
    const timer = setTimeout(() => {
      const el = region.current;
      if (el && !el.contains(document.activeElement) && !el.matches(':hover')) onDismiss();
    }, SUCCESS_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [allImported, shownId, onDismiss]);

  return (
    <div ref={region} className="toast-region" data-testid="import-report">
      {/* What a screen reader hears: the start and the outcome, not every file going by. */}
      <p className="visually-hidden" role="status">
        {announcement(state)}
      </p>
      {state.phase !== 'idle' && (
        <section className={`toast ${state.phase === 'done' ? 'toast-done' : 'toast-working'}`} aria-label="Import">
          {state.phase === 'working' ? (
            <ImportProgress
              progress={state.progress}
              cancelling={state.cancelling}
              cancellable={state.cancellable}
              queued={state.queued}
              onCancel={onCancel}
            />
          ) : (
            <>
              <Report results={state.results} cancelled={state.cancelled} onOpen={onOpen} />
              <button type="button" className="icon-button toast-close" onClick={onDismiss} aria-label="Dismiss">
                <Icon name="close" size={16} />
              </button>
            </>
          )}
        </section>
      )}
    </div>
  );
}
