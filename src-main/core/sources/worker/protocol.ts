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

export type ExtractReply =
  /** `bytes`: what the worker read from `path` (absent when the bytes came with the task). */
  { id: number; ok: true; prepared: Prepared; bytes?: Uint8Array } | { id: number; ok: false; error: ErrorInfo };
