import type { CasebookEvent, EventMap, EventName } from '../../src-main/api/contract';
import { onEvent } from '../api/client';

type Listener = (event: CasebookEvent) => void;

const listeners = new Set<Listener>();
let stop: (() => void) | null = null;

/**
 * One subscription to the core's events shared by every view: in browser mode
 * each subscription is an open HTTP connection, and browsers allow few per host.
 */
export function onCoreEvent<E extends EventName>(name: E, handle: (payload: EventMap[E]) => void): () => void {
  const listener: Listener = (event) => {
    if (event.name === name) handle(event.payload as EventMap[E]);
  };
  listeners.add(listener);
  stop ??= onEvent((event) => {
    for (const l of [...listeners]) l(event);
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && stop) {
      stop();
      stop = null;
    }
  };
}
