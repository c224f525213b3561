import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Notebook } from '../db/notebook';
import { toErrorInfo, type ErrorInfo } from '../errors';
import { finishReport, openReport, reportExists } from './reports';
import {
  newTally,
  storeFailure,
  storePrepared,
  writeFailure,
  writePrepared,
  writeTally,
  type StoreOptions,
} from './store';
import type { ImportBatch, ImportResult } from './types';
import { ExtractPool, type PoolOptions } from './worker/pool';
import type { DroppedContent, ExtractReply } from './worker/protocol';

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
  private active = 0;

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
    this.active++;
    try {
      return await this.runBatch(inputs, options, controller.signal);
    } finally {
      this.active--;
      if (key && this.jobs.get(key) === controller) this.jobs.delete(key);
    }
  }

  /** Imports writing now: the notebook cannot be swapped (restored) under them. */
  get running(): number {
    return this.active;
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
    this.pool.resetPace();
    const results: ImportResult[] = new Array<ImportResult>(inputs.length);
    const started = performance.now();
    const where = (i: number): { file: string; reportId: number; seq: number } => ({
      file: inputs[i]!.file,
      reportId,
      seq: nextSeq + i,
    });
    const storeOptions = (i: number, reply: ExtractReply & { ok: true }): StoreOptions => ({
      ...where(i),
      fileName: basename(inputs[i]!.file),
      bytes: reply.bytes ?? inputs[i]!.bytes ?? new Uint8Array(),
      bytesHash: reply.bytesHash,
    });
    const safeFailure = (i: number, error: ErrorInfo): ImportResult => {
      try {
        return storeFailure(db, error, where(i));
      } catch {
        // The report could not be written either (disk full?): still tell the caller.
        const file = inputs[i]!.file;
        return { file, status: 'failed', sourceId: null, title: null, publishedAt: null, kind: null, error };
      }
    };
    /** A file in its own transaction: a failure to save it is reported and stops nothing else. */
    const storeAlone = (i: number, reply: ExtractReply): ImportResult => {
      if (!reply.ok) return safeFailure(i, reply.error);
      try {
        return storePrepared(db, reply.prepared, storeOptions(i, reply));
      } catch (err) {
        const info = toErrorInfo(err);
        return safeFailure(i, {
          code: info.code,
          message: `${basename(inputs[i]!.file)} could not be saved: ${info.message.replace(/^Internal error: /, '')}`,
        });
      }
    };

    let next = 0;
    let done = 0;
    // Files are extracted in parallel but stored in the order given, so the
    // Library lists a batch as it was dropped and a re-run meets files in order.
    const ready = new Map<number, ExtractReply>();
    let readyBytes = 0;
    const weight = (r: ExtractReply): number => (r.ok ? (r.bytes?.byteLength ?? 0) + r.prepared.text.length * 2 : 0);
    let stored = 0;
    /**
     * Writes whatever is ready in one transaction: a commit costs more than a
     * small file's own writes (the FTS segment and the random pages of the
     * hash indexes are written once per commit). Each file stays all or
     * nothing: should any write fail part-way, the whole transaction rolls
     * back and the group is written again one transaction per file. Progress
     * goes out after the commit: nothing is reported stored before it is.
     */
    const flush = (): void => {
      if (!ready.has(stored)) return;
      const began = performance.now();
      const group: number[] = [];
      let written: ImportResult[];
      try {
        written = db.transaction(() => {
          const tally = newTally();
          const out: ImportResult[] = [];
          for (
            let i = stored;
            ready.has(i) && group.length < GROUP_FILES && performance.now() - began < FLUSH_MS;
            i++
          ) {
            group.push(i);
            const reply = ready.get(i)!;
            out.push(
              reply.ok
                ? writePrepared(db, reply.prepared, storeOptions(i, reply), tally)
                : writeFailure(db, reply.error, where(i), tally),
            );
          }
          writeTally(db, reportId, tally);
          return out;
        })();
      } catch {
        written = group.map((i) => storeAlone(i, ready.get(i)!));
      }
      const seconds = (performance.now() - started) / 1000;
      group.forEach((i, k) => {
        readyBytes -= weight(ready.get(i)!);
        ready.delete(i);
        results[i] = written[k]!;
        stored++;
        done++;
        options.onProgress?.({
          reportId,
          index: i,
          done,
          total: inputs.length,
          current: inputs[i]!.file,
          rate: seconds > 0 ? done / seconds : 0,
          result: written[k]!,
        });
      });
    };
    await new Promise<void>((resolve) => {
      let active = 0;
      let timer: NodeJS.Timeout | null = null;
      let more: NodeJS.Immediate | null = null;
      const settle = (): void => {
        if (timer) clearTimeout(timer);
        timer = null;
        flush();
        launch();
        // A group stops at FLUSH_MS; the rest is written after other events have had their turn.
        if (ready.has(stored)) {
          more ??= setImmediate(() => {
            more = null;
            settle();
          });
        }
      };
      // Ready files run from `stored` up to here without a gap; those after a gap must wait.
      let frontier = 0;
      const received = (i: number, reply: ExtractReply): void => {
        ready.set(i, reply);
        readyBytes += weight(reply);
        active--;
        while (ready.has(frontier)) frontier++;
        if (active === 0 || frontier - stored >= GROUP_FILES) settle();
        else {
          timer ??= setTimeout(settle, GROUP_MS);
          launch();
        }
      };
      const launch = (): void => {
        // Keep the workers' queues full; bound what waits to be stored behind
        // a slow file, so memory stays flat.
        const capacity = this.pool.capacity;
        while (
          active < capacity &&
          next - stored < capacity * 4 &&
          readyBytes < MAX_READY_BYTES &&
          next < inputs.length &&
          !signal.aborted
        ) {
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
              (reply) => received(i, reply),
              (err: unknown) => received(i, { id: 0, ms: 0, ok: false, error: toErrorInfo(err) }),
            );
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

/**
 * A group is written when this many files are ready, or GROUP_MS after the
 * first of them arrived: larger groups write fewer pages per file (measured
 * on 10,000 text files: 1.0 ms a file in groups of 8, 0.6 in groups of 128,
 * 0.5 in groups of 256). This thread (in Electron, the main process's event
 * loop) is blocked while it writes, so a group also stops at FLUSH_MS, for
 * files that are slow to write (large PDFs).
 */
const GROUP_FILES = 128;
const GROUP_MS = 50;
const FLUSH_MS = 200;
/** Extracted files waiting to be stored behind a slow one, at most (with their original bytes). */
const MAX_READY_BYTES = 256 * 1024 * 1024;
