import JSZip from 'jszip';
import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { createRequire } from 'node:module';
import { createInflateRaw } from 'node:zlib';
import { CasebookError } from '../../errors';
import { toIsoDate } from '../dates';
import { htmlToBlocks, type DomNode } from './html-blocks';
import type { ExtractedDoc, Extractor } from './types';
import { cleanAuthor, cleanTitle } from './metadata';

/** Refused before anything is inflated: more than this in all, declared… */
export const MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024;
/** …more entries than a Word file ever has… */
export const MAX_ENTRIES = 10_000;
/** …or an entry this large that compresses this well (a real document part never does). */
export const MAX_RATIO = 200;
export const RATIO_MIN_SIZE = 10 * 1024 * 1024;

const MAMMOTH_VERSION: string = (() => {
  try {
    return (createRequire(import.meta.url)('mammoth/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

// ---------------------------------------------------------------- zip directory

interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** Thrown while reading the directory: the archive is not a zip we can read. */
class NotAZip extends Error {}

/**
 * Reads the zip's central directory (APPNOTE 4.3.12–4.3.16, ZIP64 included):
 * names and declared sizes, without inflating anything. Stops reading as
 * soon as there are too many entries.
 */
function readCentralDirectory(bytes: Uint8Array): { entries: ZipEntryInfo[]; total: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const u64 = (at: number): number => Number(view.getBigUint64(at, true));
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new NotAZip('no end of central directory');
  let total = u16(eocd + 10);
  let cdOffset = u32(eocd + 16);
  if ((total === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && u32(eocd - 20) === 0x07064b50) {
    const zip64 = u64(eocd - 20 + 8);
    if (u32(zip64) !== 0x06064b50) throw new NotAZip('bad ZIP64 end of central directory');
    total = u64(zip64 + 32);
    cdOffset = u64(zip64 + 48);
  }
  // Walk the records themselves, not the count the archive claims (a count can be forged).
  const entries: ZipEntryInfo[] = [];
  let at = cdOffset;
  while (entries.length <= MAX_ENTRIES && at + 46 <= bytes.length && u32(at) === 0x02014b50) {
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const entry: ZipEntryInfo = {
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: u16(at + 10),
      compressedSize: u32(at + 20),
      uncompressedSize: u32(at + 24),
      offset: u32(at + 42),
    };
    // ZIP64 extended information: the 64-bit values, in order, of the fields set to 0xFFFFFFFF.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + u16(x + 2)) {
      if (u16(x) !== 0x0001) continue;
      let field = x + 4;
      if (entry.uncompressedSize === 0xffffffff) {
        entry.uncompressedSize = u64(field);
        field += 8;
      }
      if (entry.compressedSize === 0xffffffff) {
        entry.compressedSize = u64(field);
        field += 8;
      }
      if (entry.offset === 0xffffffff) entry.offset = u64(field);
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + u16(at + 32);
  }
  if (entries.length === 0 && total > 0) throw new NotAZip('no central directory');
  return { entries, total: Math.max(total, entries.length) };
}

const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

/** Refuses an archive by what it declares, before any of it is inflated. */
function checkDeclaredSizes(entries: ZipEntryInfo[], total: number, fileName: string): void {
  const bomb = (why: string): CasebookError =>
    new CasebookError('zip_bomb', `${fileName} was refused as a possible zip bomb: ${why}.`);
  if (total > MAX_ENTRIES) throw bomb(`it holds ${total} files (a Word document has a few dozen)`);
  let sum = 0;
  for (const e of entries) {
    sum += e.uncompressedSize;
    if (e.uncompressedSize > RATIO_MIN_SIZE && e.uncompressedSize > MAX_RATIO * Math.max(e.compressedSize, 1)) {
      throw bomb(`${e.name} would expand from ${e.compressedSize} bytes to ${mb(e.uncompressedSize)}`);
    }
  }
  if (sum > MAX_TOTAL_UNCOMPRESSED) {
    throw bomb(`it would expand to ${mb(sum)} (the limit is ${mb(MAX_TOTAL_UNCOMPRESSED)})`);
  }
}

/**
 * Inflates every deflated entry once, in a stream that is cut off as soon as
 * it yields more than the entry declared: an archive that lies about its
 * sizes is a bomb too, and would otherwise be discovered only after the
 * parser had tried to hold it all in memory.
 */
async function checkTrueSizes(bytes: Uint8Array, entries: ZipEntryInfo[], fileName: string): Promise<void> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    if (e.method !== 8) continue; // stored entries are their declared size; JSZip rejects other methods
    if (e.offset + 30 > bytes.length || view.getUint32(e.offset, true) !== 0x04034b50) {
      throw new CasebookError('malformed_docx', `${fileName} is damaged: ${e.name} cannot be found in the archive.`);
    }
    const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
    const inflate = createInflateRaw();
    inflate.end(bytes.subarray(start, start + e.compressedSize));
    let produced = 0;
    try {
      for await (const chunk of inflate as AsyncIterable<Buffer>) {
        produced += chunk.length;
        if (produced > e.uncompressedSize) break;
      }
    } catch {
      throw new CasebookError('malformed_docx', `${fileName} is damaged: ${e.name} cannot be decompressed.`);
    } finally {
      inflate.destroy();
    }
    if (produced > e.uncompressedSize) {
      throw new CasebookError(
        'zip_bomb',
        `${fileName} was refused as a possible zip bomb: ${e.name} expands beyond the ${e.uncompressedSize} bytes it declares.`,
      );
    }
  }
}

// ---------------------------------------------------------------- metadata

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));/gi, (m, hex: string, dec: string, name: string) => {
      if (name) return ENTITIES[name] ?? m;
      const code = parseInt(hex ?? dec, hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** One element's text from docProps/core.xml, whatever prefix its namespace has there. */
function coreField(xml: string, localName: string): string | null {
  const m = new RegExp(`<(?:[\\w.-]+:)?${localName}\\b[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?${localName}>`).exec(xml);
  const text = m ? decodeXmlText(m[1]!) : '';
  return text || null;
}

// ---------------------------------------------------------------- extractor

/** Where the package says its main document is (usually word/document.xml). */
async function mainDocumentPath(zip: JSZip): Promise<string | null> {
  const rels = await zip.file('_rels/.rels')?.async('string');
  const target = rels
    ? /<Relationship\b(?=[^>]*Type="[^"]*\/officeDocument")[^>]*Target="([^"]+)"/.exec(rels)?.[1]
    : undefined;
  for (const path of [target?.replace(/^\//, ''), 'word/document.xml']) {
    if (path && zip.file(path)) return path;
  }
  return null;
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Word via mammoth: headings (Heading 1–6 and Title styles) and paragraphs,
 * plus title, author and date from the core properties. The archive is
 * checked for zip bombs before anything in it is inflated; images are never
 * read and no external file is ever followed.
 */
export const extractDocx: Extractor = async (bytes, { fileName }): Promise<ExtractedDoc> => {
  if (bytes.length === 0) throw new CasebookError('empty_file', `${fileName} is empty.`);
  const notWord = (why = ''): CasebookError =>
    new CasebookError('malformed_docx', `${fileName} is not a Word document (not a valid .docx)${why}.`);
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw notWord(
      ': it is an older .doc file or a password-protected document; save it from Word as an unprotected .docx and import that',
    );
  }
  let directory: ReturnType<typeof readCentralDirectory>;
  try {
    directory = readCentralDirectory(bytes);
  } catch {
    throw notWord(': it is not a zip archive');
  }
  checkDeclaredSizes(directory.entries, directory.total, fileName);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw notWord(': it is not a zip archive');
  }
  await checkTrueSizes(bytes, directory.entries, fileName);
  if (!(await mainDocumentPath(zip))) throw notWord(': it has no word/document.xml');

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: ["p[style-name='Title'] => h1:fresh"],
        // The document does not get to choose how it is converted.
        includeEmbeddedStyleMap: false,
        externalFileAccess: false,
        // Images are never read, let alone inlined.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    html = result.value;
  } catch (err) {
    const e = new CasebookError('malformed_docx', `${fileName} is damaged: its text cannot be read.`);
    throw Object.assign(e, { cause: err });
  }
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  // Footnotes come last as a list; their "↑" links back to the text are navigation, not text.
  for (const a of document.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')) a.remove();

  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  return {
    kind: 'docx',
    extractor: `mammoth@${MAMMOTH_VERSION}`,
    blocks: htmlToBlocks(document.body as unknown as DomNode),
    title: cleanTitle(coreField(core, 'title')),
    byline: cleanAuthor(coreField(core, 'creator')),
    publishedAt: toIsoDate(coreField(core, 'created')) ?? toIsoDate(coreField(core, 'modified')),
    url: null,
  };
};
