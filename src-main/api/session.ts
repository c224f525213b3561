import { openNotebook, type Notebook, type OpenOptions } from '../core/db/notebook';
import type { CasebookEvent, EventMap, EventName } from './contract';
import { handlers, type HandlerContext } from './handlers';
import { createRouter, type Router } from './router';

/**
 * One open notebook wired to the contract: what every shell (Electron,
 * browser mode, tests) holds. Switching notebooks closes the previous one.
 */
export interface Session {
  readonly router: Router;
  notebook(): Notebook;
  switchNotebook(file: string): Notebook;
  subscribe(listener: (event: CasebookEvent) => void): () => void;
  close(): void;
}

export function openSession(file: string, resourcesDir: string, options: OpenOptions = {}): Session {
  let current = openNotebook(file, options);
  const listeners = new Set<(event: CasebookEvent) => void>();
  const ctx: HandlerContext = {
    notebook: () => current,
    resourcesDir,
    emit<E extends EventName>(name: E, payload: EventMap[E]) {
      for (const listener of listeners) listener({ name, payload });
    },
  };
  return {
    router: createRouter(handlers, ctx),
    notebook: () => current,
    switchNotebook(next) {
      const opened = openNotebook(next, options);
      current.close();
      current = opened;
      ctx.emit('sources.changed', {});
      return current;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => current.close(),
  };
}
