import type { EventMap } from '../../src-main/api/contract';
import type { ImportBatch, ImportResult } from '../../src-main/core/sources/types';
import { api } from '../api/client';

/** What the progress panel shows: counts over the whole job, whatever number of calls it takes. */
export interface JobProgress {
  done: number;
  total: number;
  /** The file that finished last, as the core names it. */
  current: string | null;
  /** Files per second since the job started; 0 until something finished. */
  rate: number;
}

/** A job id: the core groups calls that share one into a single report. */
export function newJobId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; a custom scheme may not count as one.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One import the analyst started (a drop, a pick): possibly several calls to
 * the core under one job id, so one report and one cancel. The core counts
 * done/total per call; this adds them up for the progress bar.
 */
export class ImportJob {
  readonly id = newJobId();
  /** Known from the first progress event or the first answer. */
  reportId: number | null = null;
  private cancelRequested = false;
  /** Files in calls that have answered. */
  private answered = 0;
  /** Files announced but not sent yet. */
  private waiting = 0;
  /** Progress events seen: one per file finished, whatever call it belonged to. */
  private finished = 0;
  private call: { sent: number; total: number } | null = null;
  private current: string | null = null;
  private startedAt: number | null = null;
  private doneAt = 0;

  constructor(private readonly onChange: () => void = () => undefined) {}

  get cancelled(): boolean {
    return this.cancelRequested;
  }

  /** Announces files that will be sent, so the total is right from the start. */
  expect(files: number): void {
    this.waiting += files;
    this.onChange();
  }

  /** Sends `files` of the announced files in one call and waits for its answer. */
  async send(files: number, call: (jobId: string) => Promise<ImportBatch>): Promise<ImportResult[]> {
    this.waiting = Math.max(0, this.waiting - files);
    this.call = { sent: files, total: files };
    this.startedAt ??= performance.now();
    this.onChange();
    try {
      const batch = await call(this.id);
      this.reportId ??= batch.reportId;
      this.answered += batch.results.length;
      return batch.results;
    } finally {
      this.call = null;
      this.doneAt = performance.now();
      this.onChange();
    }
  }

  /** Announced files that will not be sent after all (the analyst cancelled, or they could not be read). */
  drop(files: number): void {
    this.waiting = Math.max(0, this.waiting - files);
    this.onChange();
  }

  /** Feeds an `import.progress` event; events of other jobs are ignored. */
  onProgress(event: EventMap['import.progress']): void {
    if (event.jobId !== this.id) return;
    this.reportId ??= event.reportId;
    this.finished++;
    this.current = event.current;
    this.doneAt = performance.now();
    // A folder given by path expands in the core: only its events know how many files it holds.
    if (this.call) this.call.total = Math.max(this.call.total, event.total);
    this.onChange();
  }

  progress(): JobProgress {
    const inCall = this.call ? this.call.total : 0;
    const total = this.answered + inCall + this.waiting;
    // Events may arrive after their call's answer (two channels), so neither count alone is exact.
    const done = Math.min(total, Math.max(this.finished, this.answered));
    const seconds = this.startedAt === null ? 0 : (this.doneAt - this.startedAt) / 1000;
    return { done, total, current: this.current, rate: seconds > 0 ? done / seconds : 0 };
  }

  /** Stops the job: the core reports files it had not started as cancelled; no further calls are made. */
  cancel(): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    this.onChange();
    api['imports.cancel']({ jobId: this.id }).catch(() => undefined);
  }
}
