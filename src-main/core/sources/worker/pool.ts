import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  STATE_FILE,
  STATE_STARTED,
  type ExtractReply,
  type ExtractTask,
  type FromWorker,
  type ToWorker,
  type WorkerData,
} from './protocol';

export interface PoolOptions {
  /** Worker threads; default: one per core, at most 4. */
  size?: number;
  /** Per-file time limit; a worker that exceeds it is terminated and replaced. */
  timeoutMs?: number;
  /**
   * The worker's script, when not the default (the TypeScript source through
   * tsx when running from source, the bundle beside the built main process):
   * the bench runs the bundle the app ships.
   */
  workerUrl?: URL;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

const now = (): number => performance.timeOrigin + performance.now();

function spawn(data: Omit<WorkerData, 'entry'>, workerUrl?: URL): Worker {
  if (workerUrl) return new Worker(workerUrl, { workerData: data });
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return new Worker(new URL('./dev-boot.mjs', here), {
      workerData: { ...data, entry: new URL('./extract-worker.ts', here).href } satisfies WorkerData,
    });
  }
  // Not a literal: the bundler must not try to resolve it at build time.
  const bundled = ['extract-worker', 'js'].join('.');
  return new Worker(new URL(`./${bundled}`, here), { workerData: data });
}

interface Pending {
  task: Omit<ExtractTask, 'id'>;
  resolve: (reply: ExtractReply) => void;
}

/** A file sent to a worker, waiting for its reply. */
interface InFlight extends Pending {
  id: number;
}

interface Slot {
  worker: Worker;
  /** In the order sent: a worker takes them one at a time, in that order. */
  inflight: InFlight[];
  state: Int32Array;
  timer: NodeJS.Timeout | null;
}

/**
 * Work queued per worker, in time: enough that a worker never runs dry while
 * the writing thread is busy committing a group (tens of milliseconds), little
 * enough that the last worker to finish a batch does not run long after the
 * others. Counted in files from the measured time per file.
 */
const QUEUE_MS = 200;
const MIN_DEPTH = 2;
const MAX_DEPTH = 256;

/**
 * A fixed set of import workers. `run` never rejects: a crash or a time-out
 * becomes a failed reply for that file, the worker is replaced, and the other
 * files it held go to another.
 */
export class ExtractPool {
  readonly size: number;
  readonly timeoutMs: number;
  private readonly workerUrl: URL | undefined;
  private readonly epoch = now();
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private pumping = false;
  /** Measured milliseconds per file, a moving average; null until a file has been timed. */
  private msPerFile: number | null = null;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism()));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.workerUrl = options.workerUrl;
  }

  /** Files each worker is given ahead: about QUEUE_MS of work at the measured pace. */
  get depth(): number {
    if (this.msPerFile === null) return MIN_DEPTH;
    return Math.max(MIN_DEPTH, Math.min(MAX_DEPTH, Math.ceil(QUEUE_MS / Math.max(this.msPerFile, 0.01))));
  }

  /**
   * Forgets the measured pace: a new batch may be of another kind of file
   * (the last one's small text files would otherwise send hundreds of web
   * pages to each worker before the first came back).
   */
  resetPace(): void {
    this.msPerFile = null;
  }

  /** How many files the pool can usefully hold at once: callers keep it this full. */
  get capacity(): number {
    return this.size * this.depth;
  }

  run(task: Omit<ExtractTask, 'id'>): Promise<ExtractReply> {
    if (this.closed) return Promise.reject(new Error('The import pool is closed.'));
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      // Files asked for in one go leave in one message per worker.
      if (!this.pumping) {
        this.pumping = true;
        queueMicrotask(() => {
          this.pumping = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    if (this.closed) return;
    const depth = this.depth;
    while (this.queue.length > 0) {
      // A new worker only when every worker has work: one dropped file starts one thread.
      if (this.slots.length < this.size && this.slots.every((s) => s.inflight.length > 0)) this.spawnSlot();
      const open = this.slots.filter((s) => s.inflight.length < depth);
      if (open.length === 0) return;
      // Dealt out in turn, not in runs: files finish roughly in the order
      // given, which is the order they are stored in, so few wait.
      const batches = new Map<Slot, InFlight[]>(open.map((s) => [s, []]));
      for (let k = 0; this.queue.length > 0; k++) {
        const room = open.filter((s) => s.inflight.length + batches.get(s)!.length < depth);
        if (room.length === 0) break;
        const slot = room[k % room.length]!;
        batches.get(slot)!.push({ ...this.queue.shift()!, id: this.nextId++ });
      }
      for (const [slot, sent] of batches) {
        if (sent.length === 0) continue;
        const idle = slot.inflight.length === 0;
        slot.inflight.push(...sent);
        slot.worker.ref();
        slot.worker.postMessage(sent.map((job): ExtractTask => ({ ...job.task, id: job.id })) satisfies ToWorker);
        if (idle) this.arm(slot, this.timeoutMs);
      }
    }
  }

  private spawnSlot(): Slot {
    const state = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
    const slot: Slot = {
      worker: spawn({ state, epoch: this.epoch }, this.workerUrl),
      inflight: [],
      state,
      timer: null,
    };
    slot.worker.unref();
    slot.worker.on('message', (replies: FromWorker) => this.onReplies(slot, replies));
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

  private arm(slot: Slot, ms: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = slot.inflight.length > 0 ? setTimeout(() => this.check(slot), ms) : null;
  }

  /**
   * The clock ran out for what the worker held: if the file it is on has
   * run past the limit it is cut short, otherwise the clock is set for that
   * file's own deadline. Replies come in batches, so only the worker knows
   * when each file started.
   */
  private check(slot: Slot): void {
    slot.timer = null;
    if (!this.slots.includes(slot) || slot.inflight.length === 0) return;
    const id = Atomics.load(slot.state, STATE_FILE);
    const started = Atomics.load(slot.state, STATE_STARTED);
    const elapsed = ((Math.floor(now() - this.epoch) | 0) - started) | 0;
    if (slot.inflight.some((f) => f.id === id) && elapsed >= this.timeoutMs) {
      const limit = this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`;
      this.fail(slot, 'timeout', (name) => `${name} took longer than ${limit} to read and was skipped.`);
    } else {
      // Not started yet (the worker is still starting up or its reply is on the way): a full limit again.
      this.arm(slot, slot.inflight.some((f) => f.id === id) ? Math.max(1, this.timeoutMs - elapsed) : this.timeoutMs);
    }
  }

  private onReplies(slot: Slot, replies: FromWorker): void {
    for (const reply of replies) {
      const head = slot.inflight[0];
      if (!head || head.id !== reply.id) continue;
      slot.inflight.shift();
      // Quick to slow down (a batch turning from text files to web pages), slow to speed up.
      const m = this.msPerFile;
      this.msPerFile = m === null ? reply.ms : reply.ms > m ? (m + reply.ms) / 2 : m * 0.9 + reply.ms * 0.1;
      head.resolve(reply);
    }
    if (slot.inflight.length === 0) {
      this.arm(slot, 0);
      slot.worker.unref(); // an idle pool must not keep the process alive
    }
    this.pump();
  }

  /**
   * The worker failed on the file it was on: that file gets the error, the
   * worker goes, and every other file it held is sent again (those it had
   * finished too: their replies may not have left with it).
   */
  private fail(slot: Slot, code: 'timeout' | 'internal', message: (fileName: string) => string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    void slot.worker.terminate();
    const on = Atomics.load(slot.state, STATE_FILE);
    const culprit = slot.inflight.find((f) => f.id === on) ?? slot.inflight[0];
    const rest = slot.inflight.filter((f) => f !== culprit);
    slot.inflight = [];
    this.queue.unshift(...rest.map(({ task, resolve }) => ({ task, resolve })));
    culprit?.resolve({ id: culprit.id, ok: false, error: { code, message: message(culprit.task.fileName) }, ms: 0 });
    if (this.closed) {
      for (const p of this.queue.splice(0)) p.resolve(stopped(0, p.task.fileName));
    } else this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) if (slot.timer) clearTimeout(slot.timer);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    // Whatever was waiting gets an answer: nothing awaits forever.
    for (const slot of slots) for (const job of slot.inflight) job.resolve(stopped(job.id, job.task.fileName));
    for (const p of this.queue.splice(0)) p.resolve(stopped(0, p.task.fileName));
  }
}

const stopped = (id: number, fileName: string): ExtractReply => ({
  id,
  ok: false,
  error: { code: 'cancelled', message: `Import stopped before ${fileName}.` },
  ms: 0,
});
