import { openNotebook, type Notebook, type OpenOptions } from '../core/db/notebook';
import { Exporter } from '../core/export/exporter';
import type { PdfPrinter } from '../core/export/pdf';
import { Importer } from '../core/sources/import';
import type { PoolOptions } from '../core/sources/worker/pool';
import type { CasebookEvent, EventMap, EventName } from './contract';
import { handlers, type HandlerContext } from './handlers';
import { createRouter, type Router } from './router';
import { NotebookSafety } from './safety';

export interface SessionOptions extends OpenOptions {
  /** Import workers and limits (tests and benchmarks tune them). */
  import?: PoolOptions & { maxBytes?: number };
  /** Automatic backups and the periodic check of the notebook file: on in the app and browser mode. */
  autoBackup?: boolean;
  /** How dossiers print to PDF: Electron's printToPDF in the desktop app; Chromium through playwright-core otherwise. */
  printer?: PdfPrinter;
  /** Whether exports get a browser download URL (browser mode serves the Exports folder); default true. */
  exportDownloads?: boolean;
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
  /** Backups, restore, and the watch on the notebook file. */
  safety(): NotebookSafety;
  subscribe(listener: (event: CasebookEvent) => void): () => void;
  close(): Promise<void>;
}

export function openSession(file: string, resourcesDir: string, options: SessionOptions = {}): Session {
  let current = openNotebook(file, options);
  const importer = new Importer(() => current, options.import);
  const exporter = new Exporter({
    resourcesDir,
    printer: options.printer,
    downloadUrl: options.exportDownloads === false ? null : undefined,
  });
  const listeners = new Set<(event: CasebookEvent) => void>();
  const ctx: HandlerContext = {
    // Declared below: the safety service and the context refer to each other.
    safety: () => safety,
    notebook: () => current,
    importer: () => importer,
    exporter: () => exporter,
    resourcesDir,
    emit<E extends EventName>(name: E, payload: EventMap[E]) {
      for (const listener of listeners) listener({ name, payload });
    },
  };
  const safety = new NotebookSafety(
    {
      current: () => current,
      replace: (nb) => {
        current = nb;
      },
      open: (f) => openNotebook(f, options),
      busy: () => (importer.running > 0 ? 'An import is running.' : null),
      emit: (name, payload) => ctx.emit(name, payload),
    },
    { auto: options.autoBackup },
  );
  return {
    router: safety.guard(createRouter(handlers, ctx)),
    notebook: () => current,
    importer: () => importer,
    safety: () => safety,
    switchNotebook(next) {
      const opened = openNotebook(next, options);
      // A backup of the notebook being left stops; its partial copy is deleted.
      safety.stopBackup();
      current.close();
      current = opened;
      safety.attached();
      ctx.emit('sources.changed', {});
      return current;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await safety.close();
      await importer.close();
      current.close();
    },
  };
}
