import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadPdfjs } from '../../src-main/core/sources/formats/pdf';

/* Reading exported PDFs the way a reader's tools do: poppler's command-line tools, and pdf.js for the outline. */

const run = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** `pdfinfo` as a map of its fields ("Pages" → "5", "Tagged" → "yes", …). */
export function pdfinfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', [file]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** The text of the document, or of pages `first`..`last` (from 1), as pdftotext reads it. */
export function pdftotext(file: string, pages?: { first: number; last?: number }, layout = false): string {
  const args = [...(layout ? ['-layout'] : []), '-enc', 'UTF-8'];
  if (pages) args.push('-f', String(pages.first), '-l', String(pages.last ?? pages.first));
  return run('pdftotext', [...args, file, '-']);
}

/** The text of each page, in order (pdftotext ends every page with a form feed). */
export function pageTexts(file: string): string[] {
  const pages = pdftotext(file).split('\f');
  if (pages[pages.length - 1]!.trim() === '') pages.pop();
  return pages;
}

/** `pdffonts` rows: the font's name (subset prefix removed), type and whether it is embedded. */
export function pdffonts(file: string): Array<{ name: string; embedded: boolean }> {
  return run('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (one or more words), encoding, emb, sub, uni, object, id: read from the right.
      return { name: cols[0]!.replace(/^[A-Z]{6}\+/, ''), embedded: cols[cols.length - 5] === 'yes' };
    });
}

/** The PDF's outline (bookmarks), depth first, with the page (from 1) each entry opens. */
export async function pdfOutline(file: string): Promise<Array<{ title: string; depth: number; page: number }>> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    useWorkerFetch: false,
  }).promise;
  try {
    type Item = { title: string; dest: string | unknown[] | null; items: Item[] };
    const out: Array<{ title: string; depth: number; page: number }> = [];
    const visit = async (items: Item[], depth: number): Promise<void> => {
      for (const item of items) {
        const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
        const ref = Array.isArray(dest) ? (dest[0] as { num: number; gen: number }) : null;
        out.push({ title: item.title, depth, page: ref ? (await doc.getPageIndex(ref)) + 1 : 0 });
        await visit(item.items ?? [], depth + 1);
      }
    };
    await visit(((await doc.getOutline()) ?? []) as Item[], 0);
    return out;
  } finally {
    await doc.destroy();
  }
}

/** Internal links of each page (from 1): where a click on the contents goes. */
export async function pdfLinks(file: string): Promise<Array<{ page: number; target: number }>> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    useWorkerFetch: false,
  }).promise;
  try {
    const out: Array<{ page: number; target: number }> = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      for (const a of (await page.getAnnotations()) as Array<{ subtype: string; dest?: string | unknown[] }>) {
        if (a.subtype !== 'Link' || !a.dest) continue;
        const dest = typeof a.dest === 'string' ? await doc.getDestination(a.dest) : a.dest;
        const ref = Array.isArray(dest) ? (dest[0] as { num: number; gen: number }) : null;
        if (ref) out.push({ page: n, target: (await doc.getPageIndex(ref)) + 1 });
      }
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Lines of right-to-left text, in reading order. `pdftotext -raw` gives each
 * line's glyph runs as they sit on the page, left to right, each run marked
 * as right-to-left: reversing the runs within each word and the words within
 * the line gives the text back in logical order. (Poppler's own reordering
 * splits words at ligatures.) Lines mixing scripts come back with their
 * left-to-right parts reversed; look only at the right-to-left words in them.
 */
export function rightToLeftLines(file: string): string[] {
  return run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])
    .split('\n')
    .filter((line) => /[\u0590-\u08ff]/.test(line))
    .map((line) =>
      line
        .split(' ')
        .map((word) => word.split(BIDI_CONTROLS).filter(Boolean).reverse().join(''))
        .reverse()
        .join(' '),
    );
}
