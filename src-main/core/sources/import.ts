import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Notebook } from '../db/notebook';
import { toErrorInfo, type ErrorInfo } from '../errors';
import { finishReport, openReport, reportExists } from './reports';
import { storeFailure, storePrepared } from './store';
import type { ImportBatch, ImportResult } from './types';
import { ExtractPool, type PoolOptions } from './worker/pool';
import type { DroppedContent } from './worker/protocol';

/** The default per-file size limit; `CASEBOOK_MAX_IMPORT_MB` or `--max-size` change it. */
export const DEFAULT_MAX_IMPORT_MB = 100;

export function maxImportBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.CASEBOOK_MAX_IMPORT_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_IMPORT_MB) * 1024 * 1024;
}

/** One file to import: a path to read, or bytes that came with a drop or an upload. */
export interface ImportInput {
  /** What the analyst calls it: the path given, or the dropped file's name. */
  file: string;
  path?: string;
  bytes?: Uint8Array;
  dropped?: DroppedContent;
}

export interface ImportProgress {
  reportId: number;
  /** Position of the file in the inputs. */
  index: number;
  done: number;
  total: number;
  /** The file just finished. */
  current: string;
  /** Files per second so far. */
  rate: number;
  result: ImportResult;
}

export interface RunOptions {
  origin: 'app' | 'cli';
  /** Calls with the same key add to one report (an upload sent in several parts). */
  jobKey?: string | null;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

/** Files under the given paths; folders are walked, hidden entries skipped. */
export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, top: boolean): void => {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      out.push(p); // reported as unreadable by the worker
      return;
    }
    if (!isDir) {
      if (top || !basename(p).startsWith('.')) out.push(p);
      return;
    }
    for (const entry of readdirSync(p).sort()) {
      if (!entry.startsWith('.')) walk(join(p, entry), false);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

/**
 * Imports files: workers read and extract them in parallel; this thread only
 * writes, one transaction per file, so one bad file never stops the others
 * and an interrupted batch leaves whole sources only. Running the same batch
 * again imports exactly what is missing (the rest are duplicates).
 */
export class Importer {
  private readonly pool: ExtractPool;
  private readonly jobs = new Map<string, AbortController>();

  constructor(
    private readonly notebook: () => Notebook,
    private readonly options: PoolOptions & { maxBytes?: number } = {},
  ) {
    this.pool = new ExtractPool(options);
  }

  async run(inputs: readonly ImportInput[], options: RunOptions): Promise<ImportBatch> {
    const controller = new AbortController();
    const key = options.jobKey ?? null;
    if (key) this.jobs.set(key, controller);
    options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    try {
      return await this.runBatch(inputs, options, controller.signal);
    } finally {
      if (key && this.jobs.get(key) === controller) this.jobs.delete(key);
    }
  }

  /** How many files are read and extracted at once. */
  get workers(): number {
    return this.pool.size;
  }

  /**
   * Stops a job: files it had not started are reported as cancelled, and so
   * are `notSent`, files the caller will no longer send (an upload in parts).
   */
  cancel(jobKey: string, notSent: readonly string[] = []): boolean {
    const job = this.jobs.get(jobKey);
    job?.abort();
    if (notSent.length > 0 || !job) {
      const { db } = this.notebook();
      const known = db.transaction(() => reportExists(db, jobKey))();
      if (known || notSent.length > 0) {
        const { reportId, nextSeq } = openReport(db, 'app', jobKey);
        notSent.forEach((file, k) =>
          storeFailure(
            db,
            { code: 'cancelled', message: `Import cancelled before ${basename(file)}.` },
            { file, reportId, seq: nextSeq + k },
          ),
        );
        finishReport(db, reportId, true);
      }
    }
    return job !== undefined;
  }

  close(): Promise<void> {
    for (const job of this.jobs.values()) job.abort();
    return this.pool.close();
  }

  private async runBatch(
    inputs: readonly ImportInput[],
    options: RunOptions,
    signal: AbortSignal,
  ): Promise<ImportBatch> {
    const { db } = this.notebook();
    const maxBytes = this.options.maxBytes ?? maxImportBytes();
    const { reportId, nextSeq } = openReport(db, options.origin, options.jobKey ?? null);
    const results: ImportResult[] = new Array<ImportResult>(inputs.length);
    const started = performance.now();
    const safeFailure = (i: number, error: ErrorInfo): ImportResult => {
      const file = inputs[i]!.file;
      try {
        return storeFailure(db, error, { file, reportId, seq: nextSeq + i });
      } catch {
        // The report could not be written either (disk full?): still tell the caller.
        return { file, status: 'failed', sourceId: null, title: null, publishedAt: null, kind: null, error };
      }
    };
    const store = (i: number, reply: Awaited<ReturnType<ExtractPool['run']>>): ImportResult => {
      const input = inputs[i]!;
      if (!reply.ok) return safeFailure(i, reply.error);
      try {
        return storePrepared(db, reply.prepared, {
          file: input.file,
          fileName: basename(input.file),
          bytes: reply.bytes ?? input.bytes ?? new Uint8Array(),
          reportId,
          seq: nextSeq + i,
        });
      } catch (err) {
        const info = toErrorInfo(err);
        return safeFailure(i, {
          code: info.code,
          message: `${basename(input.file)} could not be saved: ${info.message.replace(/^Internal error: /, '')}`,
        });
      }
    };

    let next = 0;
    let done = 0;
    // Files are extracted in parallel but stored in the order given, so the
    // Library lists a batch as it was dropped and a re-run meets files in order.
    const ready = new Map<number, () => ImportResult>();
    let stored = 0;
    // Whatever is ready is written in one transaction, each file in its own
    // savepoint: still all-or-nothing per file, with one commit for many.
    // Progress goes out after the commit: nothing is reported stored before it is.
    const flush = (): void => {
      for (const progress of db.transaction(flushReady)()) options.onProgress?.(progress);
    };
    const flushReady = (): ImportProgress[] => {
      const out: ImportProgress[] = [];
      for (let f = ready.get(stored); f; f = ready.get(stored)) {
        ready.delete(stored);
        const i = stored++;
        results[i] = f();
        done++;
        const seconds = (performance.now() - started) / 1000;
        out.push({
          reportId,
          index: i,
          done,
          total: inputs.length,
          current: inputs[i]!.file,
          rate: seconds > 0 ? done / seconds : 0,
          result: results[i]!,
        });
      }
      return out;
    };
    // Enough in flight to keep every worker busy while this thread writes.
    const window = this.pool.size * 8;
    // Group commit: replies arriving close together share one commit (a commit
    // per file costs more than the file's own writes), at most GROUP_MS later.
    const GROUP_MS = 15;
    const GROUP_FILES = 64;
    await new Promise<void>((resolve) => {
      let active = 0;
      let timer: NodeJS.Timeout | null = null;
      const settle = (): void => {
        if (timer) clearTimeout(timer);
        timer = null;
        flush();
        launch();
      };
      const launch = (): void => {
        // Bound what waits to be stored behind a slow file, so memory stays flat.
        while (active < window && next - stored < window * 16 && next < inputs.length && !signal.aborted) {
          const i = next++;
          const input = inputs[i]!;
          active++;
          void this.pool
            .run({
              fileName: basename(input.file),
              path: input.path,
              bytes: input.bytes,
              dropped: input.dropped,
              maxBytes,
            })
            .then(
              (reply) => ready.set(i, () => store(i, reply)),
              (err: unknown) => ready.set(i, () => safeFailure(i, toErrorInfo(err))),
            )
            .then(() => {
              active--;
              if (active === 0 || ready.size >= GROUP_FILES) settle();
              else {
                timer ??= setTimeout(settle, GROUP_MS);
                launch();
              }
            });
        }
        if (active === 0 && ready.size === 0) resolve();
      };
      launch();
    });
    for (let i = next; i < inputs.length; i++) {
      results[i] = safeFailure(i, {
        code: 'cancelled',
        message: `Import cancelled before ${basename(inputs[i]!.file)}.`,
      });
    }
    finishReport(db, reportId, signal.aborted);
    return { reportId, results };
  }
}
