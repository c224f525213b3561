import type { CallResult, CasebookEvent, Input, Method } from './contract';

/**
 * What the Electron preload puts on `window.casebook`. Calls resolve to a
 * CallResult (never reject with a stack trace); the renderer's client unwraps it.
 */
export interface DesktopBridge {
  call: { [M in Method]: (input: Input<M>) => Promise<CallResult> };
  onEvent(listener: (event: CasebookEvent) => void): () => void;
  /** The filesystem path of a dropped or picked file (Electron only). */
  pathForFile(file: File): string;
}
