import JSZip from 'jszip';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/*
 * Test fixtures for Word import, built in code: .docx files made with JSZip
 * the way Word lays them out (content types, relationships, styles, core
 * properties), and raw zip archives written by hand for the hostile cases
 * (zip bombs, archives that lie about their sizes).
 */

export interface DocxParagraph {
  text: string;
  /** A paragraph style id from styles.xml: Title, Heading1, Heading2, Heading3 or Normal (default). */
  style?: 'Title' | 'Heading1' | 'Heading2' | 'Heading3' | 'Normal';
  /** Splits the text into runs, every other one bold, as Word does with formatting. */
  runs?: string[];
  /** Footnotes referenced at the end of the paragraph. */
  footnotes?: string[];
}

export interface DocxCore {
  title?: string;
  creator?: string;
  /** W3CDTF date-time, e.g. `2025-07-11T09:30:00Z`. */
  created?: string;
  modified?: string;
}

export interface DocxOptions {
  paragraphs: DocxParagraph[];
  core?: DocxCore;
  /**
   * Built-in style names as Word writes them ("heading 1", lower case) or as
   * other producers do ("Heading 1").
   */
  styleNames?: 'word' | 'capitalized';
  /** Extra entries, e.g. an image under word/media. */
  extra?: Record<string, Uint8Array | string>;
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const run = (text: string, bold = false): string =>
  `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;

function stylesXml(names: 'word' | 'capitalized'): string {
  const style = (id: string, name: string, extra = ''): string =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/>` +
    `<w:next w:val="Normal"/><w:qFormat/>${extra}</w:style>`;
  const heading = (n: number): string =>
    style(
      `Heading${n}`,
      names === 'word' ? `heading ${n}` : `Heading ${n}`,
      `<w:pPr><w:keepNext/><w:outlineLvl w:val="${n - 1}"/></w:pPr><w:rPr><w:b/><w:sz w:val="${36 - n * 4}"/></w:rPr>`,
    );
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="${W}">` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
    style('Title', 'Title', '<w:rPr><w:sz w:val="56"/></w:rPr>') +
    heading(1) +
    heading(2) +
    heading(3) +
    `<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/></w:style>` +
    `<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>` +
    `<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>` +
    `</w:styles>`
  );
}

function coreXml(core: DocxCore): string {
  const el = (tag: string, value: string | undefined, attrs = ''): string =>
    value === undefined ? '' : `<${tag}${attrs}>${esc(value)}</${tag}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
    `xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    el('dc:title', core.title) +
    el('dc:creator', core.creator) +
    el('cp:lastModifiedBy', core.creator) +
    el('dcterms:created', core.created, ' xsi:type="dcterms:W3CDTF"') +
    el('dcterms:modified', core.modified, ' xsi:type="dcterms:W3CDTF"') +
    `</cp:coreProperties>`
  );
}

/** A .docx as Word writes one: the parts, their content types and relationships. */
export async function makeDocx(options: DocxOptions): Promise<Uint8Array> {
  const zip = new JSZip();
  const footnotes: string[] = [];
  const body = options.paragraphs
    .map((p) => {
      const style = p.style && p.style !== 'Normal' ? `<w:pPr><w:pStyle w:val="${p.style}"/></w:pPr>` : '';
      const runs = (p.runs ?? [p.text]).map((r, i) => run(r, i % 2 === 1)).join('');
      const refs = (p.footnotes ?? [])
        .map((note) => {
          footnotes.push(note);
          return (
            `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>` +
            `<w:footnoteReference w:id="${footnotes.length}"/></w:r>`
          );
        })
        .join('');
      return `<w:p>${style}${runs}${refs}</w:p>`;
    })
    .join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:r="${R}">` +
      `<w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
  );
  zip.file('word/styles.xml', stylesXml(options.styleNames ?? 'word'));
  const docRels = [`<Relationship Id="rId1" Type="${R}/styles" Target="styles.xml"/>`];
  const overrides = [
    `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`,
    `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`,
  ];
  if (footnotes.length > 0) {
    const notes = footnotes
      .map(
        (note, i) =>
          `<w:footnote w:id="${i + 1}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>` +
          `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>${run(' ' + note)}</w:p></w:footnote>`,
      )
      .join('');
    zip.file(
      'word/footnotes.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="${W}">` +
        `<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
        `<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>` +
        `${notes}</w:footnotes>`,
    );
    docRels.push(`<Relationship Id="rId2" Type="${R}/footnotes" Target="footnotes.xml"/>`);
    overrides.push(
      `<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>`,
    );
  }
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL}">${docRels.join('')}</Relationships>`,
  );
  const rootRels = [`<Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/>`];
  if (options.core) {
    zip.file('docProps/core.xml', coreXml(options.core));
    rootRels.push(
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`,
    );
    overrides.push(
      `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`,
    );
  }
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${REL}">${rootRels.join('')}</Relationships>`,
  );
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Default Extension="png" ContentType="image/png"/>${overrides.join('')}</Types>`,
  );
  for (const [name, data] of Object.entries(options.extra ?? {})) zip.file(name, data);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** A zip that is not a Word document (a spreadsheet's layout, say). */
export async function makeZipWithoutDocument(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>');
  zip.file('xl/workbook.xml', '<?xml version="1.0"?><workbook/>');
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The start of an OLE compound file: a legacy .doc, or a password-protected .docx. */
export function makeCompoundFile(): Uint8Array {
  const bytes = new Uint8Array(1536);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return bytes;
}

// ---------------------------------------------------------------- raw zips

export interface ZipEntry {
  name: string;
  /** Content, or a size of zeros streamed through the compressor without being held in memory. */
  data: Uint8Array | { zeros: number };
  /** The uncompressed size the headers claim, when it should not be the true one. */
  declaredSize?: number;
}

interface Packed {
  name: Uint8Array;
  crc: number;
  size: number;
  compressed: Uint8Array;
}

async function deflateZeros(size: number): Promise<{ compressed: Uint8Array; crc: number }> {
  const chunk = Buffer.alloc(Math.min(size, 1 << 20));
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  for (let left = size; left > 0; left -= chunk.length) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(part, crc);
    if (!deflate.write(part)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return { compressed: Buffer.concat(out), crc };
}

/**
 * A zip archive (every entry deflated) written by hand, with native zlib so
 * that hundreds of megabytes of zeros pack in well under a second, and with
 * whatever uncompressed size an entry's headers should claim.
 */
export async function makeZip(entries: ZipEntry[]): Promise<Uint8Array> {
  const packed: Packed[] = [];
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    if (e.data instanceof Uint8Array) {
      packed.push({
        name,
        crc: crc32(e.data),
        size: e.declaredSize ?? e.data.length,
        compressed: deflateRawSync(e.data),
      });
    } else {
      const { compressed, crc } = await deflateZeros(e.data.zeros);
      packed.push({ name, crc, size: e.declaredSize ?? e.data.zeros, compressed });
    }
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of packed) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.compressed.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(p.name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.compressed.length, 20);
    central.writeUInt32LE(p.size, 24);
    central.writeUInt16LE(p.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(p.name), Buffer.from(p.compressed));
    centrals.push(central, Buffer.from(p.name));
    offset += 30 + p.name.length + p.compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(packed.length, 8);
  end.writeUInt16LE(packed.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** The minimal parts of a .docx, for raw zips that should otherwise look like one. */
export function minimalDocxEntries(text = 'A short document.'): ZipEntry[] {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  return [
    {
      name: '[Content_Types].xml',
      data: enc(
        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
          `<Default Extension="xml" ContentType="application/xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: enc(
        `<?xml version="1.0"?><Relationships xmlns="${REL}">` +
          `<Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
    },
    {
      name: 'word/document.xml',
      data: enc(
        `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body><w:p>${run(text)}</w:p></w:body></w:document>`,
      ),
    },
  ];
}
