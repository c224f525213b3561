import { openNotebook, type Notebook, type OpenOptions } from '../core/db/notebook';
import { Importer } from '../core/sources/import';
import type { PoolOptions } from '../core/sources/worker/pool';
import type { CasebookEvent, EventMap, EventName } from './contract';
import { handlers, type HandlerContext } from './handlers';
import { createRouter, type Router } from './router';

export interface SessionOptions extends OpenOptions {
  /** Import workers and limits (tests and benchmarks tune them). */
  import?: PoolOptions & { maxBytes?: number };
}

/**
 * One open notebook wired to the contract: what every shell (Electron,
 * browser mode, tests) holds. Switching notebooks closes the previous one.
 */
export interface Session {
  readonly router: Router;
  notebook(): Notebook;
  importer(): Importer;
  switchNotebook(file: string): Notebook;
  subscribe(listener: (event: CasebookEvent) => void): () => void;
  close(): Promise<void>;
}

export function openSession(file: string, resourcesDir: string, options: SessionOptions = {}): Session {
  let current = openNotebook(file, options);
  const importer = new Importer(() => current, options.import);
  const listeners = new Set<(event: CasebookEvent) => void>();
  const ctx: HandlerContext = {
    notebook: () => current,
    importer: () => importer,
    resourcesDir,
    emit<E extends EventName>(name: E, payload: EventMap[E]) {
      for (const listener of listeners) listener({ name, payload });
    },
  };
  return {
    router: createRouter(handlers, ctx),
    notebook: () => current,
    importer: () => importer,
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
    async close() {
      await importer.close();
      current.close();
    },
  };
}
