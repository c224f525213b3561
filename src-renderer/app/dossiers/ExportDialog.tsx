import { useEffect, useRef, useState, type ReactElement } from 'react';
import type {
  CitationCheck,
  CitationProblem,
  ExportFormat,
  ExportPhase,
  ExportResult,
} from '../../../src-main/core/dossiers/types';
import { api, ApiError } from '../../api/client';
import { Icon } from '../../components/Icon';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';
import { routeHref } from '../route';

/*
 * The export: choose a format, check every quote against its source (the
 * analyst decides what a mismatch means), then write the file with progress
 * and Cancel, and say where it went.
 */

const FORMATS: Array<{ format: ExportFormat; label: string; ext: string; text: string }> = [
  {
    format: 'pdf',
    label: 'PDF',
    ext: '.pdf',
    text: 'Cover page, linked contents with page numbers, numbered citations, bibliography.',
  },
  { format: 'html', label: 'HTML', ext: '.html', text: 'One self-contained web page, fonts included.' },
  { format: 'md', label: 'Markdown', ext: '.md', text: 'Plain text with the citations as footnotes.' },
  { format: 'json', label: 'JSON', ext: '.json', text: 'The content with entity, passage and source ids, for tools.' },
];

/** The export's phases in order; mirrors EXPORT_PHASES in the core (only types cross the boundary). */
const PHASES: readonly ExportPhase[] = ['check', 'layout', 'print', 'paginate', 'write'];

const PHASE_TEXT: Record<ExportPhase, string> = {
  check: 'Checking the quotes',
  layout: 'Laying out the document',
  print: 'Printing',
  paginate: 'Numbering the pages',
  write: 'Writing the file',
};

/** The phases a format goes through, for an honest progress bar (only PDFs are printed). */
const phasesOf = (format: ExportFormat): readonly ExportPhase[] =>
  format === 'pdf' ? PHASES : PHASES.filter((p) => p !== 'print' && p !== 'paginate');

const PROBLEM_TEXT: Record<CitationProblem['kind'], string> = {
  mismatch: 'Differs from the source',
  orphan: 'Not found in the source',
  missing: 'Passage deleted',
};

type Step =
  | { kind: 'choose' }
  | { kind: 'checking' }
  | { kind: 'problems'; check: CitationCheck }
  | {
      kind: 'exporting';
      jobId: string;
      phase: ExportPhase | null;
      done: number;
      total: number;
      cancelling?: boolean;
    }
  | { kind: 'done'; result: ExportResult; problems: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

const newJobId = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `export-${Date.now()}-${Math.random().toString(36).slice(2)}`;

const sizeOf = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(0)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

interface Job {
  jobId: string;
  /** The export call has answered (a file, an error or the cancellation). */
  settled: boolean;
}

/**
 * Asks the core to stop an export until the call running it answers: a
 * cancel that arrives before the job has started would otherwise be lost.
 */
async function cancelUntilSettled(job: Job): Promise<void> {
  for (let i = 0; i < 50 && !job.settled; i++) {
    try {
      if ((await api['dossiers.cancelExport']({ jobId: job.jobId })).cancelled) return;
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface ExportDialogProps {
  dossierId: number;
  /** Saves pending edits: the export reads the dossier from the notebook. */
  beforeExport(): Promise<void>;
  onClose(): void;
}

export function ExportDialog({ dossierId, beforeExport, onClose }: ExportDialogProps): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const running = useRef<Job | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  // Progress of the running export; events of other exports (another window) are not this one's.
  useEffect(
    () =>
      onCoreEvent('export.progress', (p) => {
        setStep((s) =>
          s.kind === 'exporting' && s.jobId === p.jobId ? { ...s, phase: p.phase, done: p.done, total: p.total } : s,
        );
      }),
    [],
  );

  // Closing the dialog mid-export cancels it: nothing is left half-written.
  useEffect(
    () => () => {
      if (running.current) void cancelUntilSettled(running.current);
    },
    [],
  );

  const write = async (force: boolean, problems: number): Promise<void> => {
    const jobId = newJobId();
    const job: Job = { jobId, settled: false };
    running.current = job;
    setStep({ kind: 'exporting', jobId, phase: null, done: 0, total: 0 });
    try {
      const result = await api['dossiers.export']({ dossierId, format, jobId, ...(force ? { force: true } : {}) });
      setStep({ kind: 'done', result, problems });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'cancelled') setStep({ kind: 'cancelled' });
      // The quotes changed between the check and the export: show what is wrong now.
      else if (err instanceof ApiError && err.code === 'conflict' && !force) await check();
      else setStep({ kind: 'failed', message: errorMessage(err) });
    } finally {
      job.settled = true;
      if (running.current === job) running.current = null;
    }
  };

  const check = async (): Promise<void> => {
    setStep({ kind: 'checking' });
    try {
      await beforeExport();
      const result = await api['dossiers.check']({ dossierId });
      if (result.problems.length > 0) setStep({ kind: 'problems', check: result });
      else await write(false, 0);
    } catch (err) {
      setStep({ kind: 'failed', message: errorMessage(err) });
    }
  };

  // What the export call answers decides what is shown: cancelled, or the file if it was written first.
  const cancel = (): void => {
    const job = running.current;
    if (!job) return;
    setStep((s) => (s.kind === 'exporting' ? { ...s, cancelling: true } : s));
    void cancelUntilSettled(job);
  };

  const busy = step.kind === 'checking' || step.kind === 'exporting';
  return (
    <dialog
      ref={dialog}
      className="dialog export-dialog"
      aria-labelledby="export-title"
      data-testid="export-dialog"
      onCancel={(e) => {
        // Escape while exporting cancels the export first, then closes.
        if (busy) {
          e.preventDefault();
          cancel();
        }
      }}
      onClose={onClose}
    >
      <header className="dialog-header">
        <h2 className="dialog-title" id="export-title">
          Export the dossier
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          <Icon name="close" size={16} />
        </button>
      </header>
      <div className="dialog-body export-body">
        {step.kind === 'choose' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void check();
            }}
          >
            <fieldset className="export-formats">
              <legend className="visually-hidden">Format</legend>
              {FORMATS.map((f) => (
                <label key={f.format} className={`export-format${format === f.format ? ' is-chosen' : ''}`}>
                  <input
                    type="radio"
                    name="export-format"
                    value={f.format}
                    checked={format === f.format}
                    onChange={() => setFormat(f.format)}
                  />
                  <span className="export-format-name">
                    {f.label} <span className="export-format-ext">{f.ext}</span>
                  </span>
                  <span className="export-format-text">{f.text}</span>
                </label>
              ))}
            </fieldset>
            <p className="export-note">
              Every quote is checked against its source before the file is written. The file goes to the notebook’s
              Exports folder.
            </p>
            <div className="export-actions">
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
              <button type="submit" className="button button-primary" autoFocus>
                Export {FORMATS.find((f) => f.format === format)!.label}
              </button>
            </div>
          </form>
        )}
        {step.kind === 'checking' && (
          <div className="export-progress" aria-busy="true">
            <p className="export-phase">Checking every quote against its source…</p>
            <progress className="toast-progress" />
          </div>
        )}
        {step.kind === 'problems' && (
          <Problems
            check={step.check}
            onCancel={onClose}
            onExport={() => void write(true, step.check.problems.length)}
          />
        )}
        {step.kind === 'exporting' && <Progress step={step} format={format} onCancel={cancel} />}
        {step.kind === 'done' && <Done result={step.result} problems={step.problems} onClose={onClose} />}
        {step.kind === 'cancelled' && (
          <div className="export-result" role="status">
            <p className="export-result-title">Export cancelled</p>
            <p className="export-note">No file was written.</p>
            <div className="export-actions">
              <button type="button" className="button" onClick={() => setStep({ kind: 'choose' })}>
                Export again…
              </button>
              <button type="button" className="button button-primary" onClick={onClose}>
                Close
              </button>
            </div>
          </div>
        )}
        {step.kind === 'failed' && (
          <div className="export-result" role="alert">
            <p className="export-result-title is-error">The dossier was not exported</p>
            <p className="export-note">{step.message}</p>
            <div className="export-actions">
              <button type="button" className="button" onClick={onClose}>
                Close
              </button>
              <button type="button" className="button button-primary" onClick={() => setStep({ kind: 'choose' })}>
                Try again
              </button>
            </div>
          </div>
        )}
      </div>
    </dialog>
  );
}

function Problems({
  check,
  onCancel,
  onExport,
}: {
  check: CitationCheck;
  onCancel(): void;
  onExport(): void;
}): ReactElement {
  const n = check.problems.length;
  return (
    <div className="export-problems" data-testid="citation-problems">
      <p className="export-result-title is-warning">
        {n === 1 ? 'One quote does' : `${n} quotes do`} not match {n === 1 ? 'its source' : 'their sources'}
        <span className="export-count"> ({check.quotes.toLocaleString()} checked)</span>
      </p>
      <p className="export-note">
        A reader checking these citations would not find the quoted words. Fix the quotes, or export anyway: the
        problems are yours to judge.
      </p>
      <ul className="export-problem-list">
        {check.problems.map((p, i) => (
          <li key={`${p.passageId}-${i}`} className={`export-problem is-${p.kind}`}>
            <div className="export-problem-head">
              <span className="export-problem-kind">{PROBLEM_TEXT[p.kind]}</span>
              {p.sourceTitle && p.sourceId !== null ? (
                <a
                  href={routeHref({ name: 'source', sourceId: p.sourceId, passageId: p.passageId })}
                  className="export-problem-source"
                >
                  {p.sourceTitle}
                </a>
              ) : (
                <span className="export-problem-source">{p.sourceTitle ?? 'Source deleted'}</span>
              )}
            </div>
            <p className="export-problem-message">{p.message}</p>
            {p.kind === 'mismatch' && (
              <>
                <p className="export-problem-quote">
                  <span className="export-problem-label">Quoted</span> “{p.exact}”
                </p>
                <p className="export-problem-quote">
                  <span className="export-problem-label">Source</span> “{p.found ?? ''}”
                </p>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="export-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={onExport}>
          Export anyway
        </button>
      </div>
    </div>
  );
}

function Progress({
  step,
  format,
  onCancel,
}: {
  step: Extract<Step, { kind: 'exporting' }>;
  format: ExportFormat;
  onCancel(): void;
}): ReactElement {
  const phases = phasesOf(format);
  const index = step.phase ? Math.max(0, phases.indexOf(step.phase)) : 0;
  const within = step.total > 0 ? Math.min(1, step.done / step.total) : 0;
  const fraction = (index + within) / phases.length;
  return (
    <div className="export-progress" data-testid="export-progress">
      <div className="progress-head">
        <p className="export-phase">
          {step.cancelling ? 'Cancelling' : step.phase ? PHASE_TEXT[step.phase] : 'Starting'}…
        </p>
        <span className="export-percent">{Math.round(fraction * 100)}%</span>
      </div>
      <progress className="toast-progress" max={1} value={fraction} aria-label="Export progress" />
      <p className="export-note">
        {step.total > 1
          ? `Step ${Math.min(step.done + 1, step.total).toLocaleString()} of ${step.total.toLocaleString()}`
          : '\u00a0'}
      </p>
      <div className="export-actions">
        <button type="button" className="button" onClick={onCancel} disabled={step.cancelling}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function Done({
  result,
  problems,
  onClose,
}: {
  result: ExportResult;
  problems: number;
  onClose(): void;
}): ReactElement {
  const [copied, setCopied] = useState(false);
  const name = result.path.split(/[\\/]/).pop() ?? result.path;
  const facts = [
    result.format.toUpperCase(),
    result.pages !== null ? `${result.pages.toLocaleString()} ${result.pages === 1 ? 'page' : 'pages'}` : null,
    sizeOf(result.bytes),
  ].filter(Boolean);
  return (
    <div className="export-result" role="status" data-testid="export-result">
      <p className="export-result-title is-ok">Exported</p>
      <p className="export-note">
        {facts.join(' · ')}
        {problems > 0 &&
          ` · ${problems} ${problems === 1 ? 'quote' : 'quotes'} not matching ${problems === 1 ? 'its source' : 'their sources'}`}
      </p>
      <p className="export-path" data-testid="export-path" title={result.path}>
        {result.path}
      </p>
      <div className="export-actions">
        {navigator.clipboard && (
          <button
            type="button"
            className="button"
            onClick={() =>
              void navigator.clipboard.writeText(result.path).then(
                () => setCopied(true),
                () => undefined,
              )
            }
          >
            {copied ? 'Copied' : 'Copy path'}
          </button>
        )}
        {result.downloadUrl && (
          <a className="button" href={result.downloadUrl} download={name} data-testid="export-download">
            <Icon name="download" size={15} />
            Download
          </a>
        )}
        <button type="button" className="button button-primary" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </div>
  );
}
