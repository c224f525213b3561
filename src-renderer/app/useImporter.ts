import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportResult } from '../../src-main/core/sources/types';
import { errorMessage } from './errors';
import { onCoreEvent } from './events';
import { ImportJob, type JobProgress } from './importJob';
import {
  failure,
  importByPaths,
  importDroppedContent,
  importPicked,
  type DroppedContent,
  type PickedFile,
} from './importing';

export type ImportState =
  | { phase: 'idle' }
  | {
      phase: 'working';
      jobId: string;
      reportId: number | null;
      progress: JobProgress;
      cancelling: boolean;
      /** False for jobs the core cannot stop (the sample). */
      cancellable: boolean;
      /** Imports asked for meanwhile, run one after another. */
      queued: number;
    }
  | { phase: 'done'; id: number; reportId: number | null; results: ImportResult[]; cancelled: boolean };

export interface Importer {
  state: ImportState;
  /** The report of the import running now, to tell it from an interrupted one. */
  runningReportId: number | null;
  /** Imports files once they are collected (a folder walk may take a moment). */
  importFiles(collect: () => Promise<PickedFile[]>): void;
  /** Imports a selection or link dragged in from another application. */
  importDropped(content: DroppedContent): void;
  /** Runs any import-like job through the same queue and report. */
  run(
    job: (job: ImportJob) => Promise<ImportResult[]>,
    options?: { quiet?: boolean; cancellable?: boolean },
  ): Promise<ImportResult[]>;
  cancel(): void;
  dismiss(): void;
}

/**
 * One import at a time, in the order they were asked for. Progress comes from
 * the core's `import.progress` events, added up over the job's calls, and is
 * drawn at most once a frame however fast files go by.
 */
export function useImporter(onImported: () => void): Importer {
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const current = useRef<{ job: ImportJob; cancellable: boolean } | null>(null);
  const queued = useRef(0);
  const frame = useRef<number | null>(null);
  const reports = useRef(0);

  const draw = useCallback(() => {
    frame.current = null;
    if (!current.current) return;
    const { job, cancellable } = current.current;
    setState({
      phase: 'working',
      jobId: job.id,
      reportId: job.reportId,
      progress: job.progress(),
      cancelling: job.cancelled,
      cancellable,
      queued: queued.current,
    });
  }, []);
  const schedule = useCallback(() => {
    frame.current ??= requestAnimationFrame(draw);
  }, [draw]);

  useEffect(() => onCoreEvent('import.progress', (event) => current.current?.job.onProgress(event)), []);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const run = useCallback<Importer['run']>(
    (work, options = {}) => {
      queued.current++;
      schedule();
      const next = queue.current.then(async () => {
        queued.current--;
        const job = new ImportJob(schedule);
        current.current = { job, cancellable: options.cancellable ?? true };
        draw();
        let results: ImportResult[];
        try {
          results = await work(job);
        } catch (err) {
          results = [failure('', errorMessage(err))];
        } finally {
          current.current = null;
        }
        const quiet = options.quiet && results.every((r) => r.status !== 'failed');
        setState(
          quiet
            ? { phase: 'idle' }
            : {
                phase: 'done',
                id: ++reports.current,
                reportId: job.reportId,
                results,
                cancelled: job.cancelled,
              },
        );
        if (results.some((r) => r.status === 'imported')) onImported();
        return results;
      });
      queue.current = next.catch(() => undefined);
      return next;
    },
    [onImported, draw, schedule],
  );

  const importFiles = useCallback<Importer['importFiles']>(
    (collect) => {
      void run(async (job) => importPicked(await collect(), job));
    },
    [run],
  );

  const importDropped = useCallback<Importer['importDropped']>(
    (content) => {
      void run((job) => importDroppedContent(content, job));
    },
    [run],
  );

  // The desktop menu's File → Import… hands its paths to the window, to run like a drop.
  useEffect(() => onCoreEvent('import.requested', ({ paths }) => void run((job) => importByPaths(paths, job))), [run]);

  const cancel = useCallback(() => current.current?.job.cancel(), []);
  const dismiss = useCallback(() => setState({ phase: 'idle' }), []);

  const runningReportId = state.phase === 'working' ? state.reportId : null;
  return { state, runningReportId, importFiles, importDropped, run, cancel, dismiss };
}
