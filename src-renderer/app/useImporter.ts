import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportResult } from '../../src-main/core/sources/types';
import { errorMessage } from './errors';
import { onCoreEvent } from './events';
import { failure, importPicked, type ImportProgress, type PickedFile } from './importing';

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'working'; done: number; total: number }
  | { phase: 'done'; id: number; results: ImportResult[] };

export interface Importer {
  state: ImportState;
  /** Imports files once they are collected (a folder walk may take a moment). */
  importFiles(collect: () => Promise<PickedFile[]>): void;
  /** Runs any import-like job through the same queue and report. */
  run(
    job: (progress: ImportProgress) => Promise<ImportResult[]>,
    options?: { quiet?: boolean },
  ): Promise<ImportResult[]>;
  dismiss(): void;
}

/**
 * One import at a time, in the order they were asked for; progress comes from
 * the core's `import.progress` events between our own batch boundaries.
 */
export function useImporter(onImported: () => void): Importer {
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  // Files done before the call in flight, and the job's total: events count within one call.
  const batch = useRef<{ before: number; total: number } | null>(null);
  const reports = useRef(0);

  useEffect(
    () =>
      onCoreEvent('import.progress', ({ done }) => {
        const b = batch.current;
        if (b) setState({ phase: 'working', done: Math.min(b.total, b.before + done), total: b.total });
      }),
    [],
  );

  const run = useCallback<Importer['run']>(
    (job, options = {}) => {
      const next = queue.current.then(async () => {
        setState({ phase: 'working', done: 0, total: 0 });
        batch.current = { before: 0, total: 0 };
        let results: ImportResult[];
        try {
          results = await job((done, total) => {
            batch.current = { before: done, total };
            setState({ phase: 'working', done, total });
          });
        } catch (err) {
          results = [failure('', errorMessage(err))];
        } finally {
          batch.current = null;
        }
        const quiet = options.quiet && results.every((r) => r.status !== 'failed');
        setState(quiet ? { phase: 'idle' } : { phase: 'done', id: ++reports.current, results });
        if (results.some((r) => r.status === 'imported')) onImported();
        return results;
      });
      queue.current = next.catch(() => undefined);
      return next;
    },
    [onImported],
  );

  const importFiles = useCallback<Importer['importFiles']>(
    (collect) => {
      void run(async (progress) => {
        const picked = await collect();
        progress(0, picked.length);
        return importPicked(picked, progress);
      });
    },
    [run],
  );

  const dismiss = useCallback(() => setState({ phase: 'idle' }), []);

  return { state, importFiles, run, dismiss };
}
