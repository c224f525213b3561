import type { DesktopBridge } from '../../src-main/api/bridge';
import type { Api, CallResult, CasebookEvent, Input, Method, Output } from '../../src-main/api/contract';

declare global {
  interface Window {
    casebook?: DesktopBridge;
  }
}

/** A failed call, carrying the contract's `{ code, message }`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function unwrap<T>(result: CallResult): T {
  if (result.ok) return result.value as T;
  throw new ApiError(result.error.code, result.error.message);
}

async function httpCall(method: string, input: unknown): Promise<CallResult> {
  const res = await fetch(`./api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(input),
  });
  try {
    return (await res.json()) as CallResult;
  } catch {
    return { ok: false, error: { code: 'internal', message: `The server answered ${res.status} ${res.statusText}.` } };
  }
}

/**
 * The renderer's one way to the core: Electron's preload when present,
 * otherwise browser mode's HTTP routes. Both are derived from the contract.
 */
export const api: Api = new Proxy({} as Api, {
  get(_target, method: string) {
    return async (input: unknown) => {
      const bridge = window.casebook;
      const result = bridge
        ? await (bridge.call as Record<string, (i: unknown) => Promise<CallResult>>)[method]!(input)
        : await httpCall(method, input);
      return unwrap(result);
    };
  },
});

export type { Input, Method, Output };

/** Subscribes to core events (import progress, changes); returns the teardown. */
export function onEvent(listener: (event: CasebookEvent) => void): () => void {
  const bridge = window.casebook;
  if (bridge) return bridge.onEvent(listener);
  const source = new EventSource('./api/events');
  const handler = (e: MessageEvent<string>): void => listener(JSON.parse(e.data) as CasebookEvent);
  source.addEventListener('message', handler);
  return () => {
    source.removeEventListener('message', handler);
    source.close();
  };
}

/** The filesystem path of a dropped file in Electron; null in browser mode. */
export function pathForFile(file: File): string | null {
  const path = window.casebook?.pathForFile(file);
  return path ? path : null;
}
