import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDocx } from './make-docx';
import { makeFontMatrixPdf, makeTextPdf } from './make-pdf';
import { REPO_ROOT } from './tmp';

/*
 * The hostile corpus (test/fixtures/hostile/payloads.txt) and the files made
 * from it for each importer: content written by someone who wants to attack
 * the analyst who opens it.
 */

export type Fires = 'load' | 'click' | 'none';

export interface Payload {
  id: string;
  fires: Fires;
  reference: string;
  /** The markup or text, as written in the corpus. */
  body: string;
}

/** Where payloads send their requests. Tests that serve it point it at a local listener instead. */
export const ATTACKER_ORIGIN = 'https://attacker.example';

const CORPUS = join(REPO_ROOT, 'test', 'fixtures', 'hostile', 'payloads.txt');

export function parsePayloads(text: string): Payload[] {
  const payloads: Payload[] = [];
  let current: Payload | null = null;
  const lines: string[] = [];
  const flush = (): void => {
    if (!current) return;
    current.body = lines.join('\n').replace(/\n+$/, '');
    if (!current.body.trim()) throw new Error(`payload ${current.id} is empty`);
    payloads.push(current);
    lines.length = 0;
  };
  for (const line of text.split('\n')) {
    const header = /^=== ([a-z0-9-]+) \| (load|click|none) \| (.+)$/.exec(line);
    if (header) {
      flush();
      current = { id: header[1]!, fires: header[2] as Fires, reference: header[3]!, body: '' };
    } else if (line.startsWith('=== ')) {
      throw new Error(`malformed payload header: ${line}`);
    } else if (current) {
      lines.push(line);
    } else if (line.trim() && !line.startsWith('#')) {
      throw new Error(`text before the first payload: ${line}`);
    }
  }
  flush();
  const ids = new Set<string>();
  for (const p of payloads) {
    if (ids.has(p.id)) throw new Error(`duplicate payload id ${p.id}`);
    ids.add(p.id);
  }
  return payloads;
}

let cached: Payload[] | undefined;
export function loadPayloads(): Payload[] {
  cached ??= parsePayloads(readFileSync(CORPUS, 'utf8'));
  return cached;
}

/** Payloads with the attacker's origin replaced (by a local listener's, to catch requests from Node). */
export function pointedAt(payloads: Payload[], origin: string): Payload[] {
  return payloads.map((p) => ({ ...p, body: p.body.replaceAll(ATTACKER_ORIGIN, origin) }));
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
/** A one-line payload for places that take one line (titles, metadata). */
export const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');
/** What a PDF's standard font can carry: printable ASCII. */
const printable = (s: string): string => s.replace(/[^\x20-\x7e]/g, ' ');
const escAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Titles get a readable prefix, so a test can find a source or note by its payload. */
export const titled = (p: Payload): string => `Hostile ${p.id} ${oneLine(p.body)}`;

export interface HostileFile {
  name: string;
  bytes: Uint8Array;
  type: string;
  /** The payloads in it. */
  ids: string[];
}

/**
 * A web page carrying one payload everywhere an article page has text: the
 * title, OpenGraph and article tags, JSON-LD, the canonical link, the byline
 * and the body (twice: as markup and inside an attribute).
 */
export function hostileHtml(p: Payload): string {
  const body = p.body;
  const line = oneLine(body);
  const jsonLd = JSON.stringify({
    '@type': 'NewsArticle',
    headline: titled(p),
    author: { name: line },
    url: `javascript:window.__pwned='${p.id}-jsonld'`,
    datePublished: '2025-01-02',
  });
  return `<!doctype html>
<html><head><meta charset="utf-8">
<title>${titled(p)}</title>
<meta property="og:title" content="${escAttr(titled(p))}">
<meta property="og:url" content="javascript:window.__pwned='${p.id}-og'">
<meta name="author" content="${escAttr(line)}">
<link rel="canonical" href="data:text/html,<script>alert('${p.id}')</script>">
<script type="application/ld+json">${jsonLd}</script>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"${p.id} ${line.replace(/["\\]/g, '')}"}</script>
</head><body>
<article>
<h1>${titled(p)}</h1>
<p class="byline">By ${body}</p>
<p>This page carries the hostile payload ${p.id} in its markup, so that its importer, its reader and every export must keep it inert.</p>
<div>${body}</div>
<p title="${escAttr(body)}">The payload again, inside an attribute, and once more as text: ${escAttr(body)}</p>
<p>Analysts read pages like this one every day; the application must treat all of it as data.</p>
</article>
</body></html>
`;
}

/** A Markdown file: the payload in the front matter (title, author, url) and in the body. */
export function hostileMarkdown(p: Payload): string {
  const yamlString = (s: string): string => JSON.stringify(s);
  return `---
title: ${yamlString(titled(p))}
author: ${yamlString(oneLine(p.body))}
url: ${yamlString(`javascript:window.__pwned='${p.id}-md-url'`)}
date: 2025-01-03
---

# ${titled(p)}

This file carries the hostile payload ${p.id}.

${p.body}

The end of the file.
`;
}

/** Plain text with every payload, and the first one as its title line. */
export function hostileText(payloads: Payload[]): string {
  return [
    'date 2025-01-04',
    `Hostile text ${oneLine(payloads[0]!.body)}`,
    '',
    ...payloads.flatMap((p) => [`[${p.id}]`, p.body, '']),
  ].join('\n');
}

/** A text PDF with every payload as lines of text, and a payload as its title and author. */
export function hostilePdf(payloads: Payload[]): Uint8Array {
  const paragraphs = payloads.map((p) => {
    const text = printable(oneLine(`[${p.id}] ${p.body}`));
    const lines: string[] = [];
    for (let i = 0; i < text.length; i += 90) lines.push(text.slice(i, i + 90));
    return lines;
  });
  // About 14 payloads a page.
  const pages: string[][][] = [];
  for (let i = 0; i < paragraphs.length; i += 14) pages.push(paragraphs.slice(i, i + 14));
  return makeTextPdf({
    info: {
      Title: printable(`Hostile PDF ${oneLine(payloads[0]!.body)}`),
      Author: printable(oneLine(payloads[5]!.body)),
      Subject: printable(oneLine(payloads[7]!.body)),
      CreationDate: "D:20250105120000+00'00'",
    },
    pages,
    fontSize: 8,
  });
}

/** pdf.js CVE-2024-4367: JavaScript in a font's FontMatrix. `injected` is the code it would run. */
export function fontMatrixPdf(injected: string): Uint8Array {
  return makeFontMatrixPdf({
    injected,
    info: { Title: 'Hostile PDF font matrix CVE-2024-4367', Author: 'pdf.js CVE-2024-4367' },
    lines: [
      'Drawn with the font whose FontMatrix carries code.',
      'A reader that compiles glyph outlines from this matrix runs the code.',
      'Casebook extracts the text in a worker, with eval support off, and never draws the glyphs.',
    ],
  });
}

const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const xmlEsc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A Word file with every payload as a paragraph, a payload as its title, and
 * the things Word files can point outside with: hyperlinks to javascript:,
 * data: and file: targets, a HYPERLINK field, an externally linked image, and
 * an altChunk of HTML.
 */
export async function hostileDocx(payloads: Payload[]): Promise<Uint8Array> {
  const base = await makeDocx({
    core: { title: `Hostile Word ${oneLine(payloads[1]!.body)}`, creator: oneLine(payloads[2]!.body) },
    paragraphs: [
      { text: `Hostile Word ${oneLine(payloads[1]!.body)}`, style: 'Title' },
      ...payloads.map((p) => ({ text: `[${p.id}] ${p.body}` })),
    ],
  });
  const zip = await JSZip.loadAsync(base);
  const links: Array<[string, string]> = [
    ['rIdJs', `javascript:window.__pwned='docx-hyperlink'`],
    ['rIdData', `data:text/html,<script>alert('docx-hyperlink-data')</script>`],
    ['rIdFile', 'file:///etc/passwd'],
    ['rIdWeb', `${ATTACKER_ORIGIN}/docx-hyperlink`],
    ['rIdImg', `${ATTACKER_ORIGIN}/docx-linked-image.png`],
  ];
  const rels = (await zip.file('word/_rels/document.xml.rels')!.async('string')).replace(
    '</Relationships>',
    links
      .map(([id, target]) =>
        id === 'rIdImg'
          ? `<Relationship Id="${id}" Type="${R}/image" Target="${xmlEsc(target)}" TargetMode="External"/>`
          : `<Relationship Id="${id}" Type="${R}/hyperlink" Target="${xmlEsc(target)}" TargetMode="External"/>`,
      )
      .join('') + `<Relationship Id="rIdChunk" Type="${R}/aFChunk" Target="chunk.html"/></Relationships>`,
  );
  zip.file('word/_rels/document.xml.rels', rels);
  zip.file('word/chunk.html', `<html><body>${payloads.map((p) => p.body).join('\n')}</body></html>`);
  const hyperlink = (id: string, text: string): string =>
    `<w:hyperlink r:id="${id}"><w:r><w:t xml:space="preserve">${xmlEsc(text)}</w:t></w:r></w:hyperlink>`;
  const extra =
    `<w:p>${hyperlink('rIdJs', 'docx javascript link')} ${hyperlink('rIdData', 'docx data link')} ` +
    `${hyperlink('rIdFile', 'docx file link')} ${hyperlink('rIdWeb', 'docx web link')}</w:p>` +
    `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "javascript:window.__pwned='docx-field'" </w:instrText></w:r>` +
    `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>docx field link</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
    `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">` +
    `<wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="pixel" descr="${xmlEsc(payloads[5]!.body)}"/>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
    `<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1" name="pixel"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:link="rIdImg"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>` +
    `<w:altChunk r:id="rIdChunk"/>`;
  const doc = (await zip.file('word/document.xml')!.async('string')).replace('<w:sectPr>', `${extra}<w:sectPr>`);
  zip.file('word/document.xml', doc);
  const types = (await zip.file('[Content_Types].xml')!.async('string')).replace(
    '</Types>',
    '<Default Extension="html" ContentType="text/html"/></Types>',
  );
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** A list of links as dragged from a browser's address bar or bookmarks: only http(s) may become a source's URL. */
export function hostileUriList(): string {
  return [
    '# links dragged from elsewhere',
    `javascript:window.__pwned='uri-list-javascript'`,
    `data:text/html,<script>alert('uri-list-data')</script>`,
    'file:///etc/passwd',
    'vbscript:msgbox(1)',
    `${ATTACKER_ORIGIN}/uri-list/<img src=x onerror=window.__pwned='uri-list-markup'>`,
  ].join('\r\n');
}

export const MIME = {
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/**
 * Every hostile file, one format at a time. HTML gets a file per payload (its
 * importer parses markup, and one payload could swallow the next); Markdown
 * too, unless `markdownPerFile` groups them (the end-to-end test does, to
 * keep its run short: the Node test imports each on its own).
 */
export async function hostileFiles(
  payloads: Payload[],
  jsForPdf: string,
  options: { markdownPerFile?: number } = {},
): Promise<HostileFile[]> {
  const all = payloads.map((p) => p.id);
  const per = options.markdownPerFile ?? 1;
  const markdown: HostileFile[] = [];
  for (let i = 0; i < payloads.length; i += per) {
    const group = payloads.slice(i, i + per);
    const [first, ...rest] = group;
    const body = hostileMarkdown(first!) + rest.map((p) => `\n## ${p.id}\n\n${p.body}\n`).join('');
    const name = per === 1 ? `hostile-${first!.id}.md` : `hostile-md-${i / per + 1}.md`;
    markdown.push({ name, bytes: utf8(body), type: MIME.md, ids: group.map((p) => p.id) });
  }
  return [
    { name: 'hostile.txt', bytes: utf8(hostileText(payloads)), type: MIME.txt, ids: all },
    ...markdown,
    ...payloads.map((p) => ({
      name: `hostile-${p.id}.html`,
      bytes: utf8(hostileHtml(p)),
      type: MIME.html,
      ids: [p.id],
    })),
    { name: 'hostile.pdf', bytes: hostilePdf(payloads), type: MIME.pdf, ids: all },
    { name: 'hostile-font-matrix.pdf', bytes: fontMatrixPdf(jsForPdf), type: MIME.pdf, ids: ['pdfjs-cve-2024-4367'] },
    { name: 'hostile.docx', bytes: await hostileDocx(payloads), type: MIME.docx, ids: all },
  ];
}
