import type { ErrorInfo } from '../../errors';
import type { Prepared } from '../prepare';

/** Content dragged in from another application (a selection or a link). */
export interface DroppedContent {
  html?: string;
  text?: string;
  uriList?: string;
}

/** One file to extract: by path (the worker reads it), by bytes, or dropped content. */
export interface ExtractTask {
  id: number;
  fileName: string;
  path?: string;
  bytes?: Uint8Array;
  dropped?: DroppedContent;
  maxBytes: number;
}

/** `ms`: how long the worker took over the file (the pool sizes its queues by it). */
export type ExtractReply = { id: number; ms: number } & (
  | {
      ok: true;
      prepared: Prepared;
      /** What the worker read from `path` (absent when the bytes came with the task). */
      bytes?: Uint8Array;
      /** The original's content address, hashed here rather than on the thread that writes. */
      bytesHash: string;
    }
  | { ok: false; error: ErrorInfo }
);

/**
 * Messages carry several files each way (pool → worker: tasks in the order
 * to run them; worker → pool: replies in the same order). A message has a
 * fixed cost on both threads, measured at 20–30 µs, which a batch of
 * thousands of small text files would otherwise pay per file, on the thread
 * that also does all the writing.
 */
export type ToWorker = ExtractTask[];
export type FromWorker = ExtractReply[];

/**
 * What a worker shows of itself through shared memory, so that replies can
 * be batched and still every file is timed from its own start: the id of the
 * file it is on (0: none) and when it started, in ms since `epoch`
 * (wrapping at 32 bits).
 */
export const STATE_FILE = 0;
export const STATE_STARTED = 1;

export interface WorkerData {
  entry?: string;
  state: Int32Array;
  /** `performance.timeOrigin + performance.now()` at the pool's start: both threads count from it. */
  epoch: number;
}
