import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { CasebookError } from '../../errors';
import { toIsoDate } from '../dates';
import type { Block, ExtractedDoc, Extractor } from './types';
import { cleanAuthor, cleanTitle } from './metadata';

type Pdfjs = typeof PdfjsModule;

let pdfjsLoading: Promise<Pdfjs> | null = null;

/** Where pdf.js is installed, to resolve what it resolves and to find its CMaps. */
const PDFJS_DIR: string | null = (() => {
  try {
    return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  } catch {
    return null;
  }
})();

/**
 * pdf.js's legacy build constructs a DOMMatrix as it loads, and in Node takes
 * the class from the optional native package @napi-rs/canvas. Text extraction
 * never uses it beyond that, so where the package is missing or will not load
 * (an install without optional dependencies, an app package that left it out)
 * an identity stand-in lets pdf.js load instead of every PDF failing with
 * "DOMMatrix is not defined".
 */
function ensureDomMatrix(): void {
  const g = globalThis as { DOMMatrix?: unknown };
  if (g.DOMMatrix) return;
  try {
    createRequire(join(PDFJS_DIR ?? '.', 'legacy', 'build', 'pdf.mjs'))('@napi-rs/canvas');
  } catch {
    g.DOMMatrix = class DOMMatrix {
      a = 1;
      b = 0;
      c = 0;
      d = 1;
      e = 0;
      f = 0;
    };
  }
}

/**
 * pdf.js, loaded on first use so that importing text files never pays for it.
 * Importing the worker module first registers `globalThis.pdfjsWorker`, so
 * pdf.js runs its "fake worker" in this thread instead of importing
 * `./pdf.worker.mjs` by a path a bundle would not have. That is what we want
 * in Node and in a worker_threads worker alike: the pipeline already runs
 * extractors off the main thread, and a web Worker does not exist here.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjsLoading ??= (async () => {
    ensureDomMatrix();
    // @ts-expect-error pdf.worker.mjs ships without types; importing it only registers globalThis.pdfjsWorker.
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsLoading;
}

/** The CMaps pdf.js ships, for CJK fonts that use predefined encodings. */
const CMAP_DIR: string | null = PDFJS_DIR && join(PDFJS_DIR, 'cmaps');

/**
 * What pdf.js may load besides the document: only its own packed CMaps, by a
 * name it has already checked against its built-in list (and we check again).
 * No fonts, no wasm, no URLs: a document cannot make us read anything else.
 */
class BundledCMapsOnly {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    if (kind === 'cMapUrl' && CMAP_DIR && /^[A-Za-z0-9-]+\.bcmap$/.test(filename)) {
      return new Uint8Array(await readFile(join(CMAP_DIR, filename)));
    }
    throw new Error(`${kind} ${filename} is not available offline`);
  }
}

// ---------------------------------------------------------------- text layout

interface Line {
  text: string;
  /** Start of the line and end of its last run, in PDF units. */
  x: number;
  right: number;
  /** Baseline. */
  y: number;
  /** Font size most of the line is set in (a drop cap or a footnote mark does not change it). */
  size: number;
  /** Characters and size × characters so far, for the weighted size. */
  chars: number;
  weighted: number;
}

interface Paragraph {
  lines: Line[];
  size: number;
}

const isTextItem = (item: object): item is TextItem => 'str' in item;
const CJK = /[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** Joins runs into lines: a run starts a new line after an end-of-line mark or when the baseline moves. */
function toLines(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let line: Line | null = null;
  let endOfLine = false;
  for (const item of items) {
    const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
    const size = Math.hypot(c, d) || item.height || 1;
    const str = item.str;
    if (str) {
      const sameLine = line && !endOfLine && Math.abs(y - line.y) <= 0.5 * Math.max(size, line.size);
      if (!line || !sameLine) {
        line = { text: '', x, right: x, y, size, chars: 0, weighted: 0 };
        lines.push(line);
      } else if (
        item.dir !== 'rtl' &&
        x - line.right > 0.15 * size &&
        !/\s$/.test(line.text) &&
        !/^\s/.test(str) &&
        !(CJK.test(line.text.slice(-1)) && CJK.test(str[0]!))
      ) {
        // Runs placed apart with no space between them (word-by-word producers).
        line.text += ' ';
      }
      line.text += str;
      line.right = Math.max(line.right, x + item.width);
      line.chars += str.length;
      line.weighted += size * str.length;
      line.size = line.weighted / line.chars;
    }
    endOfLine = item.hasEOL;
  }
  for (const l of lines) l.text = l.text.trim();
  return lines.filter((l) => l.text.length > 0);
}

/** Font sizes compared to the half point. */
const bucket = (size: number): number => Math.round(size * 2) / 2;

/** A list item's bullet at the start of a line: each item is a paragraph. */
const BULLET = /^[•◦▪▫■□●○‣⁃∙]\s/u;

const ENDS_SENTENCE = /[.!?…:"”’»)\]]$/u;

/**
 * Groups a page's lines into paragraphs: a new one starts after a gap taller
 * than the page's line spacing, at a change of font size, where the text jumps
 * back up (a new column), or at an indented line after a finished sentence.
 */
function toParagraphs(lines: Line[]): Paragraph[] {
  // The page's line spacing for each font size: the smallest baseline step between lines of that size.
  const minGaps = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const [a, b] = [lines[i - 1]!, lines[i]!];
    const gap = a.y - b.y;
    if (bucket(a.size) === bucket(b.size) && gap > 0.8 * b.size && gap < 3 * b.size) {
      minGaps.set(bucket(b.size), Math.min(minGaps.get(bucket(b.size)) ?? Infinity, gap));
    }
  }
  // Single-line paragraphs would make the paragraph gap look like the line spacing: hence the cap.
  const lineGapOf = (size: number): number => Math.min(minGaps.get(bucket(size)) ?? 1.2 * size, 1.45 * size);
  const paragraphs: Paragraph[] = [];
  let current: (Paragraph & { left: number }) | null = null;
  for (const line of lines) {
    const prev = current?.lines[current.lines.length - 1];
    let breaks = true;
    if (current && prev) {
      const size = Math.max(line.size, prev.size);
      const gap = prev.y - line.y;
      breaks =
        Math.abs(line.size - prev.size) > 0.15 * size ||
        gap < 0.3 * size ||
        gap > lineGapOf(size) + 0.4 * size ||
        (line.x - current.left > 0.8 * size && ENDS_SENTENCE.test(prev.text)) ||
        BULLET.test(line.text);
    }
    if (breaks || !current) {
      current = { lines: [line], size: line.size, left: line.x };
      paragraphs.push(current);
    } else {
      current.lines.push(line);
      current.left = Math.min(current.left, line.x);
      current.size = Math.max(current.size, line.size);
    }
  }
  return paragraphs;
}

/**
 * Joins a paragraph's lines. A word broken at a line end ("develop-" /
 * "ment") is rejoined when the next line goes on in lowercase; a hyphen
 * before a capital or a digit ("Franco-" / "German") is kept, without a space.
 */
export function joinLines(lines: string[]): string {
  let text = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!text) text = line;
    else if (text.endsWith('\u00ad')) text = text.slice(0, -1) + line;
    else if (/\p{L}[-\u2010]$/u.test(text)) text = /^\p{Ll}/u.test(line) ? text.slice(0, -1) + line : text + line;
    else if (CJK.test(text.slice(-1)) && CJK.test(line[0]!)) text += line;
    else text += ' ' + line;
  }
  return text.replace(/\u00ad/g, '');
}

interface PageParagraph extends Paragraph {
  page: number;
  /** Short, and wholly in the top or bottom tenth of the page, where running heads and page numbers sit. */
  inMargin: boolean;
}

function pageParagraphs(items: TextItem[], page: number, view: number[]): PageParagraph[] {
  const [, y0 = 0, , y1 = 0] = view;
  const [bottom, height] = [Math.min(y0, y1), Math.abs(y1 - y0)];
  const inZone = (l: Line): boolean => l.y - bottom < 0.1 * height || l.y - bottom > 0.9 * height;
  return toParagraphs(toLines(items)).map((p) => ({
    ...p,
    page,
    inMargin: height > 0 && p.lines.length <= 2 && p.lines.every(inZone),
  }));
}

const PAGE_NUMBER = /^(?:page\s+)?[-–—]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/**
 * Drops page furniture: page numbers in the margins, and running heads and
 * feet (the same words, page numbers aside, in the same size in the margin of
 * more than one page). Everything else is the document's text.
 */
function dropFurniture(paragraphs: PageParagraph[]): PageParagraph[] {
  const text = (p: PageParagraph): string => p.lines.map((l) => l.text).join(' ');
  const key = (p: PageParagraph): string =>
    `${bucket(p.size)}|${text(p).toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ')}`;
  const pagesOf = new Map<string, Set<number>>();
  for (const p of paragraphs) {
    if (!p.inMargin) continue;
    const pages = pagesOf.get(key(p)) ?? new Set<number>();
    pages.add(p.page);
    pagesOf.set(key(p), pages);
  }
  return paragraphs.filter((p) => !p.inMargin || (!PAGE_NUMBER.test(text(p)) && (pagesOf.get(key(p))?.size ?? 0) < 2));
}

/**
 * Headings are short blocks set clearly larger than the body text (the size
 * most characters are set in); their levels follow their sizes.
 */
function toBlocks(paragraphs: PageParagraph[]): Block[] {
  const chars = new Map<number, number>();
  for (const p of paragraphs) {
    chars.set(bucket(p.size), (chars.get(bucket(p.size)) ?? 0) + p.lines.reduce((n, l) => n + l.text.length, 0));
  }
  const body = [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const texts = paragraphs.map((p) => joinLines(p.lines.map((l) => l.text)));
  const heading = paragraphs.map(
    (p, i) =>
      p.size >= 1.2 * body &&
      p.lines.length <= 3 &&
      texts[i]!.length <= 200 &&
      !/[.,;:]$/.test(texts[i]!) &&
      (texts[i]!.match(/\p{L}/gu)?.length ?? 0) >= 2,
  );
  const headingSizes = [...new Set(paragraphs.filter((_, i) => heading[i]).map((p) => bucket(p.size)))].sort(
    (a, b) => b - a,
  );
  return paragraphs.map((p, i): Block => {
    if (!heading[i]) return { kind: 'paragraph', text: texts[i]!, page: p.page };
    const level = Math.min(headingSizes.indexOf(bucket(p.size)) + 1, 6);
    return { kind: 'heading', level, text: texts[i]!, page: p.page };
  });
}

// ---------------------------------------------------------------- metadata

interface XmpLike {
  get(name: string): unknown;
}

function metadataOf(
  info: Record<string, unknown>,
  xmp: XmpLike | null,
): Pick<ExtractedDoc, 'title' | 'byline' | 'publishedAt'> {
  return {
    title: cleanTitle(info.Title) ?? cleanTitle(xmp?.get('dc:title')),
    byline: cleanAuthor(info.Author) ?? cleanAuthor(xmp?.get('dc:creator')),
    publishedAt:
      toIsoDate(info.CreationDate) ??
      toIsoDate(xmp?.get('xmp:createdate')) ??
      toIsoDate(info.ModDate) ??
      toIsoDate(xmp?.get('xmp:modifydate')),
  };
}

// ---------------------------------------------------------------- extractor

function damaged(fileName: string, why: string, cause?: unknown): CasebookError {
  const err = new CasebookError('malformed_pdf', `${fileName} is damaged or not a PDF (${why}).`);
  if (cause !== undefined) Object.assign(err, { cause });
  return err;
}

const latin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');

/**
 * Checks what pdf.js would otherwise paper over: the header must open the
 * file, and `%%EOF` must close it (within the last kilobyte, the tolerance
 * readers have always allowed), or the file is cut short; pdf.js would
 * rebuild what it can and we would store part of a document as if whole.
 */
function checkFrame(bytes: Uint8Array, fileName: string): void {
  if (!latin1(bytes.subarray(0, 1024)).includes('%PDF-')) throw damaged(fileName, 'it has no PDF header');
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1]! <= 0x20 || bytes[end - 1] === 0x00)) end--;
  if (!latin1(bytes.subarray(Math.max(0, end - 1024), end)).includes('%%EOF')) {
    throw damaged(fileName, 'the file is incomplete, as if a download was cut short');
  }
}

const errorName = (err: unknown): string => (err instanceof Error ? err.name : '');

/**
 * PDF via pdf.js: text per page, rebuilt into lines and paragraphs (each
 * block keeps its page for citations), plus title, author and date from the
 * Info dictionary or XMP. Nothing in the document is executed: no scripts,
 * no eval'd functions, no fonts or other resources loaded.
 */
export const extractPdf: Extractor = async (bytes, { fileName }): Promise<ExtractedDoc> => {
  if (bytes.length === 0) throw new CasebookError('empty_file', `${fileName} is empty.`);
  checkFrame(bytes, fileName);
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (transfers) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    useWorkerFetch: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    BinaryDataFactory: BundledCMapsOnly,
  });
  try {
    let doc: PDFDocumentProxy;
    try {
      doc = await task.promise;
    } catch (err) {
      if (errorName(err) === 'PasswordException') {
        throw new CasebookError(
          'encrypted_pdf',
          `${fileName} is password-protected (encrypted PDF); open it with its password, save an unprotected copy and import that.`,
        );
      }
      throw damaged(fileName, 'its structure cannot be read', err);
    }
    let paragraphs: PageParagraph[] = [];
    try {
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        for (const p of pageParagraphs(content.items.filter(isTextItem), n, page.view)) paragraphs.push(p);
        page.cleanup();
      }
    } catch (err) {
      throw damaged(fileName, 'a page cannot be read', err);
    }
    paragraphs = dropFurniture(paragraphs);
    if (paragraphs.length === 0) {
      throw new CasebookError(
        'no_text_layer',
        `${fileName} has no text layer (scanned PDF): its pages are images. Run it through OCR first, then import the result.`,
      );
    }
    const { info, metadata } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
    return {
      kind: 'pdf',
      extractor: `pdfjs@${pdfjs.version}`,
      blocks: toBlocks(paragraphs),
      ...metadataOf(info as Record<string, unknown>, metadata as XmpLike | null),
      url: null,
    };
  } finally {
    await task.destroy();
  }
};
