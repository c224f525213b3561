import { BrowserWindow } from 'electron';
import { cancelled, throwIfAborted, type PdfPrinter } from '../core/export/pdf';

/** A blank page to write the document into: data: is a scheme the app's session lets through. */
const BLANK = 'data:text/html;charset=utf-8,<!doctype html><title>Casebook print</title>';

/**
 * The desktop app's printer: a hidden, sandboxed window prints the same
 * document as browser mode and the CLI through Chromium's printToPDF, taking
 * the page size, margins, header and footer from the document's CSS. The document is written into a blank page rather
 * than loaded from a URL: the app loads nothing from file:// and a data: URL
 * is limited to 2 MB, less than a long dossier.
 */
export function electronPrinter(): PdfPrinter {
  return {
    async print(request, signal) {
      throwIfAborted(signal);
      const win = new BrowserWindow({
        show: false,
        width: 794,
        height: 1123,
        webPreferences: {
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          experimentalFeatures: false,
          webviewTag: false,
          navigateOnDragDrop: false,
          disableBlinkFeatures: 'Auxclick',
          spellcheck: false,
          devTools: false,
        },
      });
      const abort = (): void => {
        if (!win.isDestroyed()) win.destroy();
      };
      signal.addEventListener('abort', abort, { once: true });
      try {
        await win.loadURL(BLANK);
        // The document is text the core generated and escaped (core/export/template.ts), passed as a JSON string.
        await win.webContents.executeJavaScript(
          `document.open(); document.write(${JSON.stringify(request.html)}); document.close(); document.fonts.ready.then(() => true)`,
        );
        const pdf = await win.webContents.printToPDF({
          preferCSSPageSize: true,
          printBackground: true,
          generateTaggedPDF: request.tagged,
          generateDocumentOutline: request.tagged,
        });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } catch (err) {
        if (signal.aborted) throw cancelled();
        throw err;
      } finally {
        signal.removeEventListener('abort', abort);
        if (!win.isDestroyed()) win.destroy();
      }
    },
    // Each print has its own window, closed when it is done: nothing is held between exports.
    async close() {},
  };
}
