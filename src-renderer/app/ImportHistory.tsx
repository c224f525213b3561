import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { ImportReport, ImportReportSummary } from '../../src-main/core/sources/types';
import { api } from '../api/client';
import { Icon } from '../components/Icon';
import { ReportCounts, ReportItems } from '../components/ReportItems';
import { errorMessage } from './errors';
import { dateTimeOf, durationOf } from './format';
import { countResults } from './importing';

/** How often the history re-reads while an import runs, so the running report's counts move. */
const POLL_MS = 1000;
const LIST_LIMIT = 200;

export type ReportState = 'running' | 'interrupted' | 'cancelled' | 'finished';

/** A report left unfinished by anything but the import running now was interrupted (the app or machine stopped). */
export function reportState(report: ImportReportSummary, runningReportId: number | null): ReportState {
  if (report.reportId === runningReportId) return 'running';
  if (report.finishedAt === null) return 'interrupted';
  return report.cancelled ? 'cancelled' : 'finished';
}

const STATE_LABEL: Record<ReportState, string | null> = {
  running: 'Running',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
  finished: null,
};

const ORIGIN_LABEL: Record<ImportReportSummary['origin'], string> = { app: 'App', cli: 'Command line' };

/** What a view shows before its data arrives: the error if loading failed, else a busy line. */
function Pending({ error }: { error: string | null }): ReactElement {
  return error ? (
    <p className="dialog-message" role="alert">
      {error}
    </p>
  ) : (
    <p className="dialog-message" aria-busy="true">
      Loading…
    </p>
  );
}

function StateBadge({ state }: { state: ReportState }): ReactElement | null {
  const label = STATE_LABEL[state];
  return label ? <span className={`state-badge state-${state}`}>{label}</span> : null;
}

/** Re-reads `load` now, whenever `key` changes, and every POLL_MS while `live`. */
function usePolled<T>(load: () => Promise<T>, key: unknown, live: boolean): { value: T | null; error: string | null } {
  const [state, setState] = useState<{ value: T | null; error: string | null }>({ value: null, error: null });
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  useEffect(() => {
    let on = true;
    const read = (): void => {
      loader.current().then(
        (value) => on && setState({ value, error: null }),
        (err: unknown) => on && setState((s) => ({ value: s.value, error: errorMessage(err) })),
      );
    };
    read();
    const timer = live ? setInterval(read, POLL_MS) : undefined;
    return () => {
      on = false;
      clearInterval(timer);
    };
  }, [key, live]);
  return state;
}

interface ListProps {
  runningReportId: number | null;
  onSelect(reportId: number): void;
}

function ReportList({ runningReportId, onSelect }: ListProps): ReactElement {
  const { value: reports, error } = usePolled(
    () => api['imports.list']({ limit: LIST_LIMIT }),
    runningReportId,
    runningReportId !== null,
  );
  if (reports === null) {
    return <Pending error={error} />;
  }
  if (reports.length === 0) return <p className="dialog-message">No imports yet in this notebook.</p>;
  return (
    <ul className="history-list" aria-label="Imports, newest first" data-testid="history-list">
      {reports.map((r) => (
        <li key={r.reportId}>
          <button type="button" className="history-row" onClick={() => onSelect(r.reportId)}>
            <span className="history-when">{dateTimeOf(r.startedAt)}</span>
            <span className="history-origin">{ORIGIN_LABEL[r.origin]}</span>
            <ReportCounts
              counts={{ imported: r.imported, duplicate: r.duplicates, failed: r.failed, cancelled: r.cancelledFiles }}
            />
            <StateBadge state={reportState(r, runningReportId)} />
          </button>
        </li>
      ))}
    </ul>
  );
}

interface DetailProps {
  reportId: number;
  runningReportId: number | null;
  onOpenSource(sourceId: number): void;
}

function ReportDetail({ reportId, runningReportId, onOpenSource }: DetailProps): ReactElement {
  const running = reportId === runningReportId;
  const { value: report, error } = usePolled<ImportReport>(
    () => api['imports.get']({ reportId }),
    `${reportId}:${running}`,
    running,
  );
  const counts = useMemo(() => (report ? countResults(report.items) : null), [report]);
  if (!report || !counts) {
    return <Pending error={error} />;
  }
  const state = reportState(report, runningReportId);
  return (
    <div className="history-detail" data-testid="history-report">
      <dl className="history-meta">
        <div>
          <dt>Started</dt>
          <dd>{dateTimeOf(report.startedAt)}</dd>
        </div>
        {report.finishedAt && (
          <div>
            <dt>Took</dt>
            <dd>{durationOf(report.startedAt, report.finishedAt)}</dd>
          </div>
        )}
        <div>
          <dt>From</dt>
          <dd>{ORIGIN_LABEL[report.origin]}</dd>
        </div>
        {state !== 'finished' && (
          <div>
            <dt>State</dt>
            <dd>
              <StateBadge state={state} />
            </dd>
          </div>
        )}
      </dl>
      {state === 'interrupted' && (
        <p className="history-note">
          This import stopped before it finished (the app or the computer was closed). The files listed were imported or
          failed as shown; importing the same files again adds exactly what is missing.
        </p>
      )}
      <ReportCounts counts={counts} />
      {report.items.length > 0 ? (
        <ReportItems results={report.items} onOpen={onOpenSource} filters />
      ) : (
        <p className="dialog-message">No file was handled.</p>
      )}
    </div>
  );
}

export interface ImportHistoryProps {
  runningReportId: number | null;
  onClose(): void;
  onOpenSource(sourceId: number): void;
}

/** Past imports, newest first, each reopening its full report. Escape goes back, then closes. */
export function ImportHistory({ runningReportId, onClose, onOpenSource }: ImportHistoryProps): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  const [selected, setSelected] = useState<number | null>(null);

  // Unmounting removes the dialog, and with it the modal state: no close() in a cleanup.
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog history-dialog"
      aria-labelledby="history-title"
      data-testid="import-history"
      onCancel={(e) => {
        if (selected === null) return;
        // Back to the list first; the browser may still close the dialog (repeated Escape without a click).
        e.preventDefault();
        setSelected(null);
      }}
      onClose={onClose}
    >
      <header className="dialog-header">
        {selected !== null && (
          <button type="button" className="button button-quiet" onClick={() => setSelected(null)}>
            <Icon name="back" size={16} />
            All imports
          </button>
        )}
        <h2 className="dialog-title" id="history-title">
          {selected === null ? 'Import history' : 'Import report'}
        </h2>
        <button type="button" className="icon-button dialog-close" onClick={onClose} aria-label="Close">
          <Icon name="close" size={16} />
        </button>
      </header>
      <div className="dialog-body">
        {selected === null ? (
          <ReportList runningReportId={runningReportId} onSelect={setSelected} />
        ) : (
          <ReportDetail reportId={selected} runningReportId={runningReportId} onOpenSource={onOpenSource} />
        )}
      </div>
    </dialog>
  );
}
