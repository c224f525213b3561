import type { Browser, BrowserContext } from 'playwright-core';
import { CasebookError } from '../errors';
import { loadPdfjs } from '../sources/formats/pdf';

/**
 * Printing the dossier's HTML to PDF. Every runtime prints the same document
 * with the same page settings through this interface: Electron with a hidden
 * window's printToPDF (src-main/electron/pdf-printer.ts), browser mode and the
 * CLI with Chromium driven by playwright-core (below).
 */

export interface PrintRequest {
  /**
   * A whole document. Its page size, margins, running header and footer are
   * in its CSS (@page with margin boxes: see template.ts), so every printer
   * prints it alike by preferring the document's page settings.
   */
  html: string;
  /**
   * The final print: a tagged PDF with an outline of the headings. The
   * measuring print is plain, which takes Chromium about half the time.
   */
  tagged: boolean;
}

export interface PdfPrinter {
  /**
   * The document as PDF with the page settings of its CSS and backgrounds
   * printed; when `tagged`, a tagged PDF with an outline built from the
   * headings. Rejects with `cancelled` once the signal aborts.
   */
  print(request: PrintRequest, signal: AbortSignal): Promise<Uint8Array>;
  /** Frees what printing holds (a browser process); printing again starts it anew. */
  close(): Promise<void>;
}

export const cancelled = (): CasebookError => new CasebookError('cancelled', 'The export was cancelled.');

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw cancelled();
}

/** The Chromium binary browser mode and the CLI print with. */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.CASEBOOK_CHROMIUM ?? '/usr/bin/chromium';

/** As the tests launch it: headless, no sandbox (containers), nothing that reaches the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ChromiumPrinterOptions {
  executablePath?: string;
  /** The browser is kept between exports and closed after this long without one. */
  idleMs?: number;
}

/**
 * Prints with a headless Chromium through playwright-core. The browser is
 * started on the first export and kept warm for the next ones (starting it
 * costs about as much as printing a short dossier).
 */
export function chromiumPrinter(options: ChromiumPrinterOptions = {}): PdfPrinter {
  const executablePath = options.executablePath ?? chromiumPath();
  const idleMs = options.idleMs ?? 60_000;
  let browser: Promise<{ browser: Browser; context: BrowserContext }> | null = null;
  let idle: NodeJS.Timeout | null = null;
  let busy = 0;

  const start = (): Promise<{ browser: Browser; context: BrowserContext }> => {
    browser ??= (async () => {
      // Loaded on first use: the desktop app prints with Electron and never needs it.
      const { chromium } = await import('playwright-core');
      let b: Browser;
      try {
        b = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
      } catch (err) {
        browser = null;
        throw new CasebookError(
          'printer_unavailable',
          `PDF export needs Chromium, which could not be started from ${executablePath} ` +
            `(set CASEBOOK_CHROMIUM to a Chromium binary): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        );
      }
      b.on('disconnected', () => {
        browser = null;
      });
      // The document is self-contained: nothing it names is ever fetched.
      const context = await b.newContext({ offline: true, javaScriptEnabled: true });
      await context.route('**/*', (route) => route.abort());
      return { browser: b, context };
    })();
    return browser;
  };

  const shutdown = async (): Promise<void> => {
    if (idle) clearTimeout(idle);
    idle = null;
    const running = browser;
    browser = null;
    if (running) await (await running.catch(() => null))?.browser.close();
  };

  return {
    async print(request, signal) {
      throwIfAborted(signal);
      if (idle) clearTimeout(idle);
      busy++;
      try {
        const { context } = await start();
        throwIfAborted(signal);
        const page = await context.newPage();
        // Closing the page is the only way to stop Chromium mid-print; the print then rejects.
        const abort = (): void => void page.close().catch(() => {});
        signal.addEventListener('abort', abort, { once: true });
        try {
          await page.setContent(request.html, { waitUntil: 'load' });
          // Runs in the page: the Node side has no DOM types, so the page's globals are reached untyped.
          await page.evaluate('document.fonts.ready.then(() => undefined)');
          const pdf = await page.pdf({
            preferCSSPageSize: true,
            printBackground: true,
            outline: request.tagged,
            tagged: request.tagged,
          });
          return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
        } catch (err) {
          if (signal.aborted) throw cancelled();
          throw err;
        } finally {
          signal.removeEventListener('abort', abort);
          await page.close().catch(() => {});
        }
      } finally {
        if (--busy === 0 && browser) {
          idle = setTimeout(() => void shutdown(), idleMs);
          idle.unref();
        }
      }
    },
    close: shutdown,
  };
}

/**
 * The page (from 1) of the named destinations of a printed PDF, and the page
 * count. Chromium names a destination after every element a link in the
 * document points to: the contents link to each heading they list, so the
 * first print says where each one landed, without reading any page's text.
 */
export async function destinationPages(
  pdf: Uint8Array,
  names: Iterable<string>,
): Promise<{ pages: number; destinations: Map<string, number> }> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({
    // pdf.js takes ownership of (transfers) the buffer it is given: hand it a copy.
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    useWorkerFetch: false,
    enableXfa: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
  try {
    const destinations = new Map<string, number>();
    // Only the names asked for: every quote's number links to its note, thousands of destinations in a long dossier.
    for (const name of names) {
      const dest = await doc.getDestination(name);
      const ref = Array.isArray(dest) ? dest[0] : null;
      if (ref && typeof ref === 'object') destinations.set(name, (await doc.getPageIndex(ref)) + 1);
    }
    return { pages: doc.numPages, destinations };
  } finally {
    await doc.destroy();
  }
}
