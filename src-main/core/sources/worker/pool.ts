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

/** A file sent to a worker, waiting for its reply. */
interface InFlight extends Pending {
  id: number;
}

interface Slot {
  worker: Worker;
  /** In the order sent: a worker takes its messages one at a time, so the head is the one running. */
  inflight: InFlight[];
  timer: NodeJS.Timeout | null;
}

interface Pending {
  task: Omit<ExtractTask, 'id'>;
  resolve: (reply: ExtractReply) => void;
}

/**
 * Files queued per worker: the next one is already there when a worker
 * finishes, so it never waits for this thread (busy writing) to hand it one.
 */
const DEPTH = 3;

/**
 * A fixed set of import workers. `run` never rejects: a crash or a time-out
 * becomes a failed reply for that file, the worker is replaced, and the files
 * queued behind it go to another.
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
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.reduce<Slot | undefined>(
        (best, s) => (s.inflight.length < DEPTH && (!best || s.inflight.length < best.inflight.length) ? s : best),
        undefined,
      );
      if (!slot || (slot.inflight.length > 0 && this.slots.length < this.size)) slot = this.spawnSlot() ?? slot;
      if (!slot) return;
      const pending = this.queue.shift()!;
      const job: InFlight = { ...pending, id: this.nextId++ };
      slot.inflight.push(job);
      if (slot.inflight.length === 1) this.startClock(slot);
      slot.worker.ref();
      slot.worker.postMessage({ ...job.task, id: job.id });
    }
  }

  private spawnSlot(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    const slot: Slot = { worker: spawn(), inflight: [], timer: null };
    slot.worker.unref();
    slot.worker.on('message', (reply: ExtractReply) => this.onReply(slot, reply));
    slot.worker.on('error', (err: Error) =>
      this.fail(
        slot,
        'internal',
        (name) => `${name} could not be imported: the import worker failed (${err.message}).`,
      ),
    );
    slot.worker.on('exit', (code: number) =>
      this.fail(slot, 'internal', (name) => `${name} could not be imported: the import worker stopped (exit ${code}).`),
    );
    this.slots.push(slot);
    return slot;
  }

  /** The per-file limit runs for the file the worker is on: the head of its queue. */
  private startClock(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (slot.inflight.length === 0) return;
    const limit = this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`;
    slot.timer = setTimeout(
      () => this.fail(slot, 'timeout', (name) => `${name} took longer than ${limit} to read and was skipped.`),
      this.timeoutMs,
    );
  }

  private onReply(slot: Slot, reply: ExtractReply): void {
    const head = slot.inflight[0];
    if (!head || head.id !== reply.id) return;
    slot.inflight.shift();
    this.startClock(slot);
    if (slot.inflight.length === 0) slot.worker.unref(); // an idle pool must not keep the process alive
    head.resolve(reply);
    this.pump();
  }

  /** The head file failed the worker: it gets the error, the worker goes, the files behind it are sent again. */
  private fail(slot: Slot, code: 'timeout' | 'internal', message: (fileName: string) => string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    void slot.worker.terminate();
    const [head, ...rest] = slot.inflight;
    slot.inflight = [];
    this.queue.unshift(...rest.map(({ task, resolve }) => ({ task, resolve })));
    head?.resolve({ id: head.id, ok: false, error: { code, message: message(head.task.fileName) } });
    if (this.closed) {
      for (const p of this.queue.splice(0))
        p.resolve({
          id: 0,
          ok: false,
          error: { code: 'cancelled', message: `Import stopped before ${p.task.fileName}.` },
        });
    } else this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) if (slot.timer) clearTimeout(slot.timer);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    // Whatever was waiting gets an answer: nothing awaits forever.
    for (const slot of slots) {
      for (const job of slot.inflight) {
        job.resolve({
          id: job.id,
          ok: false,
          error: { code: 'cancelled', message: `Import stopped before ${job.task.fileName}.` },
        });
      }
    }
    for (const p of this.queue.splice(0)) {
      p.resolve({
        id: 0,
        ok: false,
        error: { code: 'cancelled', message: `Import stopped before ${p.task.fileName}.` },
      });
    }
  }
}
