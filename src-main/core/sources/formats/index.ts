import { extname } from 'node:path';
import { CasebookError } from '../../errors';
import type { Extractor } from './types';

/**
 * Extractors load on first use: a worker importing text never pays for
 * pdf.js, mammoth or the HTML stack.
 */
const EXTRACTORS: Record<string, () => Promise<Extractor>> = {
  '.txt': async () => (await import('./txt')).extractTxt,
  '.text': async () => (await import('./txt')).extractTxt,
  '.md': async () => (await import('./md')).extractMd,
  '.markdown': async () => (await import('./md')).extractMd,
  '.html': async () => (await import('./html')).extractHtml,
  '.htm': async () => (await import('./html')).extractHtml,
  '.xhtml': async () => (await import('./html')).extractHtml,
  '.pdf': async () => (await import('./pdf')).extractPdf,
  '.docx': async () => (await import('./docx')).extractDocx,
};

export const SUPPORTED_EXTENSIONS = Object.keys(EXTRACTORS);

/**
 * Each extractor's module promise, kept: a dynamic import() of an already
 * loaded module still walks the module loader (under tsx, a round trip to its
 * loader thread), a cost paid per file that a text file's whole import is
 * only a few times larger than.
 */
const loaded = new Map<string, Promise<Extractor>>();

export function extractorFor(fileName: string): Promise<Extractor> {
  const ext = extname(fileName).toLowerCase();
  const cached = loaded.get(ext);
  if (cached) return cached;
  const load = EXTRACTORS[ext];
  if (!load) {
    const what = ext ? `${ext} files` : 'files without an extension';
    const hint = ext === '.doc' ? ' Save it as .docx in Word first.' : '';
    throw new CasebookError(
      'unsupported_format',
      `${fileName}: ${what} cannot be imported (supported: ${SUPPORTED_EXTENSIONS.join(', ')}).${hint}`,
    );
  }
  const extractor = load();
  loaded.set(ext, extractor);
  // A failed load (a broken install) is not cached: the next file tries again.
  extractor.catch(() => loaded.delete(ext));
  return extractor;
}
