/**
 * The import worker: reads and extracts files off the main thread (and off
 * Electron's main-process event loop). CPU-heavy and hostile-input work lives
 * here, where a hang can be cut short by terminating the thread.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CasebookError, toErrorInfo } from '../../errors';
import { bytesHash } from '../normalize';
import { finish, prepareFile } from '../prepare';
import {
  STATE_FILE,
  STATE_STARTED,
  type ExtractReply,
  type ExtractTask,
  type FromWorker,
  type ToWorker,
  type WorkerData,
} from './protocol';

/**
 * Reads a whole file, refusing it by its size before reading. Synchronous on
 * purpose: this thread has nothing else to do meanwhile, and the async calls
 * (stat, then readFile: several trips through libuv's thread pool) measured
 * about 0.2 ms of CPU for a small text file, against 0.02 ms this way.
 */
export function readLimited(path: string, fileName: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw unreadable(err, path);
  }
  try {
    let size: number;
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new CasebookError('unreadable_file', `${fileName} is a folder, not a file.`);
      size = st.size;
    } catch (err) {
      if (err instanceof CasebookError) throw err;
      throw unreadable(err, path);
    }
    if (size > maxBytes) throw tooLarge(fileName, size, maxBytes);
    try {
      const bytes = new Uint8Array(size);
      let got = 0;
      while (got < size) {
        const n = readSync(fd, bytes, got, size - got, got);
        if (n === 0) break; // shrank while we read: keep what is there
        got += n;
      }
      return got === size ? bytes : bytes.subarray(0, got);
    } catch (err) {
      throw unreadable(err, path);
    }
  } finally {
    closeSync(fd);
  }
}

function unreadable(err: unknown, path: string): CasebookError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (err as Error).message;
  return new CasebookError('unreadable_file', `Cannot read ${path}: ${why}.`);
}

export function tooLarge(fileName: string, size: number, maxBytes: number): CasebookError {
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
  return new CasebookError('too_large', `${fileName} is ${mb(size)} MB, over the import limit of ${mb(maxBytes)} MB.`);
}

type Reply<T = ExtractReply> = T extends unknown ? Omit<T, 'ms'> : never;

async function handle(task: ExtractTask): Promise<Reply> {
  try {
    if (task.dropped) {
      const { html, text } = task.dropped;
      const bytes = new TextEncoder().encode(html ?? text ?? task.dropped.uriList ?? '');
      if (bytes.byteLength > task.maxBytes) throw tooLarge(task.fileName, bytes.byteLength, task.maxBytes);
      // Loaded on first use: it pulls in the HTML stack, which a worker importing text never needs.
      const { extractDropped } = await import('../formats/dropped');
      const prepared = finish(extractDropped(task.dropped), task.fileName);
      return { id: task.id, ok: true, prepared, bytes, bytesHash: bytesHash(bytes) };
    }
    const bytes = task.bytes ?? readLimited(task.path!, task.fileName, task.maxBytes);
    if (bytes.byteLength > task.maxBytes) throw tooLarge(task.fileName, bytes.byteLength, task.maxBytes);
    const prepared = await prepareFile(bytes, task.fileName);
    // Bytes that came with the task stay with the caller: no copy back.
    return { id: task.id, ok: true, prepared, bytes: task.bytes ? undefined : bytes, bytesHash: bytesHash(bytes) };
  } catch (err) {
    const error = toErrorInfo(err);
    if (error.code === 'internal') {
      error.message = `${task.fileName} could not be read: ${error.message.replace(/^Internal error: /, '')}`;
    }
    return { id: task.id, ok: false, error };
  }
}

/**
 * Replies wait at most this long to share a message. Time limits do not
 * depend on replies (the pool reads `state`), so holding them only delays
 * when the writing thread sees a file, by a few milliseconds.
 */
const HOLD_MS = 5;

const { state, epoch } = (workerData ?? {}) as Partial<WorkerData>;
/** Milliseconds since the pool's epoch, wrapping at 32 bits (the pool subtracts the same way). */
const clock = (): number => Math.floor(performance.timeOrigin + performance.now() - (epoch ?? 0)) | 0;

// One file at a time, in the order sent; the pool sees which one and since when through `state`.
const queue: ExtractTask[] = [];
let running = false;

async function drain(): Promise<void> {
  running = true;
  let out: FromWorker = [];
  let transfer: ArrayBuffer[] = [];
  let since = 0;
  while (queue.length > 0) {
    const task = queue.shift()!;
    const t0 = performance.now();
    if (state) {
      // The start first: the pool reads the file first, so never pairs this file with the last one's start.
      Atomics.store(state, STATE_STARTED, clock());
      Atomics.store(state, STATE_FILE, task.id);
    }
    const reply = { ...(await handle(task)), ms: performance.now() - t0 } as ExtractReply;
    if (out.length === 0) since = performance.now();
    out.push(reply);
    if (reply.ok && reply.bytes) transfer.push(reply.bytes.buffer as ArrayBuffer);
    if (queue.length === 0 || performance.now() - since >= HOLD_MS) {
      parentPort!.postMessage(out, transfer);
      out = [];
      transfer = [];
    }
  }
  if (state) Atomics.store(state, STATE_FILE, 0);
  running = false;
}

parentPort?.on('message', (tasks: ToWorker) => {
  queue.push(...tasks);
  if (!running) void drain();
});
