import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExtractReply, ExtractTask } from './protocol';

export interface PoolOptions {
  /** Worker threads; default: one per core, at most 4. */
  size?: number;
  /** Per-file time limit; a worker that exceeds it is terminated and replaced. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Where the worker's code is: the TypeScript source through a tsx bootstrap
 * when running from source, or the bundled `extract-worker.js` beside the
 * built main process.
 */
function spawn(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return new Worker(new URL('./dev-boot.mjs', here), {
      workerData: { entry: new URL('./extract-worker.ts', here).href },
    });
  }
  // Not a literal: the bundler must not try to resolve it at build time.
  const bundled = ['extract-worker', 'js'].join('.');
  return new Worker(new URL(`./${bundled}`, here));
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Pending {
  task: Omit<ExtractTask, 'id'>;
  resolve: (reply: ExtractReply) => void;
}

/**
 * A fixed set of import workers. `run` never rejects: a crash or a time-out
 * becomes a failed reply for that file, and the worker is replaced.
 */
export class ExtractPool {
  readonly size: number;
  readonly timeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism()));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  run(task: Omit<ExtractTask, 'id'>): Promise<ExtractReply> {
    if (this.closed) return Promise.reject(new Error('The import pool is closed.'));
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = { worker: spawn(), busy: false };
        slot.worker.unref();
        this.slots.push(slot);
      }
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private dispatch(slot: Slot, { task, resolve }: Pending): void {
    const id = this.nextId++;
    slot.busy = true;
    const { worker } = slot;
    const done = (reply: ExtractReply, replace: boolean): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (replace) {
        void worker.terminate();
        this.slots.splice(this.slots.indexOf(slot), 1);
      } else {
        slot.busy = false;
        worker.unref(); // an idle pool must not keep the process alive
      }
      resolve(reply);
      if (!this.closed) this.pump();
    };
    const fail = (code: 'timeout' | 'internal', message: string): void =>
      done({ id, ok: false, error: { code, message } }, true);
    const onMessage = (reply: ExtractReply): void => {
      if (reply.id === id) done(reply, false);
    };
    const onError = (err: Error): void =>
      fail('internal', `${task.fileName} could not be imported: the import worker failed (${err.message}).`);
    const onExit = (code: number): void =>
      fail('internal', `${task.fileName} could not be imported: the import worker stopped (exit ${code}).`);
    const limit = this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`;
    const timer = setTimeout(
      () => fail('timeout', `${task.fileName} took longer than ${limit} to read and was skipped.`),
      this.timeoutMs,
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.ref();
    worker.postMessage({ ...task, id });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
