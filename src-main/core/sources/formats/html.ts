import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { isUtf8 } from 'node:buffer';
import { CasebookError } from '../../errors';
import { toIsoDate } from '../dates';
import { decodeText, decodeWindows1252 } from '../decode';
import { htmlToBlocks, type DomNode } from './html-blocks';
import type { Block, ExtractedDoc, Extractor } from './types';

export const HTML_EXTRACTOR = 'html-readability@1';

/**
 * Element nesting kept when reading a page. Readability's cost grows with
 * depth times size (a few hundred empty levels already take seconds) and
 * linkedom's parser slows down quadratically on very deep trees, so, like
 * Chromium (which stops at 512), deeper tags are dropped before parsing;
 * their text stays. Real pages stay far below this.
 */
export const MAX_DEPTH = 256;
/**
 * Past these the page is read without Readability (still its text, with less
 * selection): this many elements, or nesting depth times markup length
 * (Readability re-reads the text of every ancestor: a 1 MB page 250 levels
 * deep takes it ten seconds; a real 200 KB page is about 40 deep).
 */
export const MAX_READABILITY_ELEMENTS = 60_000;
export const MAX_READABILITY_DEPTH_CHARS = 100_000_000;

// ------------------------------------------------------------------ the DOM we use

/** The part of linkedom's DOM this module touches (the node typings are DOM-lib types we don't load). */
interface El extends DomNode {
  tagName: string;
  parentNode: El | null;
  firstChild: El | null;
  nextSibling: El | null;
  childNodes: ArrayLike<El>;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<El>;
  querySelectorAll(selectors: string): ArrayLike<El>;
  appendChild(node: El): El;
  insertBefore(node: El, before: El | null): El;
  remove(): void;
}
interface Doc extends El {
  documentElement: El | null;
  createElement(name: string): El;
}

function parse(html: string): Doc {
  return (parseHTML(html) as unknown as { document: Doc }).document;
}

// ------------------------------------------------------------------ decoding

/**
 * The page's text: a BOM wins; otherwise bytes that are valid UTF-8 are UTF-8
 * (a legacy page is practically never valid UTF-8 by accident, while pages
 * that declare the wrong charset are common); otherwise the charset the page
 * declares (`<meta charset>`, `http-equiv`, XML declaration), any the platform
 * decoder knows; otherwise decodeText's UTF-8/Windows-1252 guess.
 */
export function decodeHtml(bytes: Uint8Array, fileName: string): string {
  const bom =
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!bom) {
    // Binary data goes to decodeText, which refuses it with its reason.
    if (!looksBinary(bytes)) {
      // The common case, validated and decoded natively (several times faster than TextDecoder's fatal mode).
      if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      const legacy = legacyDecoder(declaredCharset(bytes));
      if (legacy) return legacy(bytes);
    }
  }
  return decodeText(bytes, fileName);
}

/** NUL bytes or many control characters in the first 64 KB (decodeText's test). */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 65536);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control > sample.length * 0.05;
}

/** The charset label a page declares in its first bytes, as browsers prescan it. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:()-]+)/i.exec(head);
  if (meta) return meta[1]!;
  const xml = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([\w.:()-]+)/i.exec(head);
  return xml ? xml[1]! : null;
}

/** A decoder for a declared legacy charset; null for UTF-8/16 and labels the platform doesn't know. */
function legacyDecoder(label: string | null): ((bytes: Uint8Array) => string) | null {
  if (!label) return null;
  let encoding: string;
  try {
    encoding = new TextDecoder(label).encoding;
  } catch {
    return null;
  }
  // A page can't really be UTF-16 if its <meta> was readable as ASCII: browsers read it as UTF-8.
  if (encoding === 'utf-8' || encoding.startsWith('utf-16')) return null;
  // Node decodes 'windows-1252' as Latin-1 (curly quotes become control characters).
  if (encoding === 'windows-1252') return decodeWindows1252;
  return (bytes) => new TextDecoder(encoding).decode(bytes);
}

// ------------------------------------------------------------------ prescan

/** Elements without end tags (htmlparser2's list, which linkedom parses with). */
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Raw-text elements: their content is never markup. */
const RAW = new Map(['script', 'style', 'title', 'textarea', 'xmp'].map((n) => [n, new RegExp(`</${n}`, 'gi')]));
/** Opening these closes the listed open element on top of the stack (htmlparser2's implied end tags). */
const P_ONLY = new Set(['p']);
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((n) => [n, FORM_TAGS] as const),
  ...[
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((n) => [n, P_ONLY] as const),
]);
/**
 * Removed whole before parsing, content included: code, embedded media and
 * form controls are never text. Fewer nodes is also most of the speed:
 * linkedom's cost is per node.
 */
const NEVER_TEXT = new Set([
  'svg',
  'math',
  'template',
  'noscript',
  'iframe',
  'object',
  'canvas',
  'video',
  'audio',
  'picture',
  'map',
  'select',
  'datalist',
  'button',
]);
/** Page furniture Readability would strip from an article anyway; kept in a fragment the analyst chose. */
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'dialog']);
/** Past MAX_DEPTH tags are dropped, keeping their text; these hold content that must not become text, so go whole. */
const OPAQUE = new Set([...NEVER_TEXT, 'head', 'noembed', 'noframes']);

/**
 * Class or id names that mark ads, comment threads and consent banners.
 * Whole names only: "has-ads" or "comment-count" on an article's own
 * container must not cut the article.
 */
const FURNITURE_NAME =
  /^(?:ads?|advert|adverts|advertisement|advertising|adsbygoogle|ad-?(?:slot|unit|container|wrapper|banner|box|label|placeholder|rail|leaderboard)|sponsored(?:-content)?|dfp-ad|gpt-ad|taboola|outbrain|comments?|comments?-?(?:section|list|thread|area|container|wrapper)|commentlist|comment-respond|disqus_thread|cookie-?(?:banner|notice|consent)|consent-banner|newsletter-?(?:signup|box|promo)|social-?share|share-?(?:bar|tools|buttons)|breadcrumbs?)$/i;
const FURNITURE_HINT =
  /\b(?:class|id)\s*=\s*["']?[^"'>]*?(?:ad|advert|sponsor|comment|disqus|cookie|consent|newsletter|share|breadcrumb|taboola|outbrain)/i;
const NAME_ATTR = /\b(?:class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
/** Never cut by name, whatever their class says. */
const PROTECTED = new Set(['html', 'head', 'body', 'main', 'article']);

function isFurniture(name: string, tag: string): boolean {
  if (PROTECTED.has(name) || !FURNITURE_HINT.test(tag) || /\bitemprop\s*=\s*["']?articleBody/i.test(tag)) return false;
  for (const m of tag.matchAll(NAME_ATTR)) {
    for (const token of (m[1] ?? m[2] ?? m[3] ?? '').split(/\s+/)) if (FURNITURE_NAME.test(token)) return true;
  }
  return false;
}

export interface Prescan {
  /** The markup to parse: the input without cut elements, comments and over-deep tags. */
  html: string;
  /** Deepest element nesting left in `html`. */
  depth: number;
  /** Elements left in `html`. */
  elements: number;
  /** The first element's tag name ('' if none): a page without `<html>` gets wrapped before parsing. */
  firstTag: string;
  /** Whether tags nested deeper than the limit were dropped. */
  flattened: boolean;
}

/** Block-level tags: when one is dropped, a space keeps the words on either side apart. */
const SPACED = new Set([
  'address',
  'article',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;
const JSON_LD_TYPE = /\btype\s*=\s*["']?\s*application\/ld\+json/i;

/**
 * One linear pass over the markup that tokenizes tags the way htmlparser2
 * does (quoted attributes, comments, raw-text elements, implied end tags)
 * without building a tree, and produces the markup actually parsed:
 * - scripts (but JSON-LD), styles, comments and NEVER_TEXT elements removed;
 * - with `furniture`, navigation, asides, footers, dialogs and elements
 *   named as ads, comment threads or consent banners removed too;
 * - tags nested deeper than `maxDepth` dropped (their text kept), so that
 *   neither the parser nor Readability ever sees a pathological tree.
 */
export function prescan(html: string, options: { maxDepth?: number; furniture?: boolean } = {}): Prescan {
  const scan = scanMarkup(html, options);
  if (scan.cuts.length === 0) return { ...scan, html };
  const pieces = keptPieces(scan.cuts, html.length, (at) => html.charCodeAt(at));
  return { ...scan, html: pieces.map((p) => (typeof p === 'string' ? p : html.slice(p[0], p[1]))).join('') };
}

/** Where prescan cuts: [start, end, replacement], in the scanned string's units. */
type Cut = [number, number, string];

/**
 * prescan's pass, returning the cuts rather than the markup, so that a page
 * held as bytes can be scanned in a one-byte (Latin-1) view of them and only
 * what is kept decoded (see extractHtml).
 */
function scanMarkup(
  html: string,
  { maxDepth = MAX_DEPTH, furniture = true } = {},
): Omit<Prescan, 'html'> & { cuts: Cut[] } {
  const n = html.length;
  type Open = { name: string; start: number; mode: 'keep' | 'drop' | 'cut' | 'inner' };
  const stack: Open[] = [];
  // [start, end, replacement]: a removed block leaves a space so that words either side don't merge.
  const cuts: Cut[] = [];
  let kept = 0;
  let cutting = 0;
  let depth = 0;
  let elements = 0;
  let firstTag = '';
  let foreign = 0;
  let flattened = false;
  const close = (entry: Open, at: number, tagStart: number): void => {
    if (entry.mode === 'keep') kept--;
    else if (entry.mode === 'drop' && tagStart >= 0) cuts.push([tagStart, at, SPACED.has(entry.name) ? ' ' : '']);
    else if (entry.mode === 'cut') {
      cutting--;
      cuts.push([entry.start, at, ' ']);
    }
    if (entry.name === 'svg' || entry.name === 'math') foreign--;
  };
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    if (c === 33 || c === 63) {
      // <!-- comment -->, <!doctype>, <![CDATA[ ]]>, <?xml ?>
      const comment = html.startsWith('<!--', lt);
      const stop = comment ? html.indexOf('-->', lt + 4) : html.indexOf('>', lt + 2);
      i = stop < 0 ? n : stop + (comment ? 3 : 1);
      if (comment && cutting === 0) cuts.push([lt, i, '']);
      continue;
    }
    const isClose = c === 47;
    const nameStart = isClose ? lt + 2 : lt + 1;
    if (!isLetter(html.charCodeAt(nameStart))) {
      i = lt + 1;
      continue;
    }
    let k = nameStart + 1;
    for (let ch = html.charCodeAt(k); k < n && !isSpace(ch) && ch !== 47 && ch !== 62; ch = html.charCodeAt(++k));
    const name = html.slice(nameStart, k).toLowerCase();
    // The tag ends at the first '>' outside a quoted attribute value.
    while (k < n) {
      const ch = html.charCodeAt(k);
      if (ch === 62) break;
      k++;
      if (ch !== 61) continue;
      while (k < n && isSpace(html.charCodeAt(k))) k++;
      const q = html.charCodeAt(k);
      if (q === 34 || q === 39) {
        const qe = html.indexOf(q === 34 ? '"' : "'", k + 1);
        k = qe < 0 ? n : qe + 1;
      }
    }
    const end = Math.min(n, k + 1);
    i = end;
    if (isClose) {
      if (VOID.has(name)) continue;
      // Like htmlparser2: close the nearest open element of that name and everything above it.
      let at = stack.length - 1;
      const floor = Math.max(0, stack.length - 512);
      while (at >= floor && stack[at]!.name !== name) at--;
      if (at < floor) continue;
      while (stack.length > at + 1) close(stack.pop()!, lt, -1);
      close(stack.pop()!, end, lt);
      continue;
    }
    if (!firstTag) firstTag = name;
    const implied = IMPLIES_CLOSE.get(name);
    if (implied) while (stack.length > 0 && implied.has(stack[stack.length - 1]!.name)) close(stack.pop()!, lt, -1);
    const raw = RAW.get(name);
    if (raw) {
      // Skip to the end tag. Never dropped as a tag alone (that would turn a script into text).
      raw.lastIndex = end;
      const found = raw.exec(html);
      const closeEnd = found ? html.indexOf('>', raw.lastIndex) : -1;
      i = closeEnd < 0 ? n : closeEnd + 1;
      const keep = name === 'title' || (name === 'script' && JSON_LD_TYPE.test(html.slice(lt, end)));
      if (cutting === 0) {
        if (keep) elements++;
        else cuts.push([lt, i, '']);
      }
      continue;
    }
    if (VOID.has(name) || (foreign > 0 && html.charCodeAt(k - 1) === 47)) {
      if (cutting === 0) elements++;
      continue;
    }
    let mode: Open['mode'] = 'keep';
    if (cutting > 0) mode = 'inner';
    else if (NEVER_TEXT.has(name)) mode = 'cut';
    else if (
      furniture &&
      (FURNITURE_TAGS.has(name) || (k > nameStart + name.length && isFurniture(name, html.slice(lt, end))))
    ) {
      mode = 'cut';
    } else if (kept >= maxDepth) mode = OPAQUE.has(name) ? 'cut' : 'drop';
    if (mode === 'keep') {
      depth = Math.max(depth, ++kept);
      elements++;
    } else if (mode === 'drop') {
      flattened = true;
      cuts.push([lt, end, SPACED.has(name) ? ' ' : '']);
    } else if (mode === 'cut') cutting++;
    if (name === 'svg' || name === 'math') foreign++;
    stack.push({ name, start: lt, mode });
  }
  while (stack.length > 0) close(stack.pop()!, n, -1);
  return { cuts, depth, elements, firstTag, flattened };
}

/**
 * What is left after the cuts, in order: source ranges [from, to] and the
 * spaces that stand for removed blocks. `code` gives a source unit (to see
 * whether a kept range already ends in a space).
 */
function keptPieces(cuts: Cut[], n: number, code: (at: number) => number): Array<[number, number] | string> {
  cuts.sort((a, b) => a[0] - b[0]);
  const pieces: Array<[number, number] | string> = [];
  let from = 0;
  let spaced = false;
  for (const [start, stop, replacement] of cuts) {
    if (start >= from) {
      if (start > from) {
        pieces.push([from, start]);
        spaced = isSpace(code(start - 1));
      }
      // Runs of removed blocks leave one space, not thousands (Readability re-reads the text of every ancestor).
      if (replacement && !spaced) {
        pieces.push(replacement);
        spaced = true;
      }
    }
    from = Math.max(from, stop);
  }
  if (from < n) pieces.push([from, n]);
  return pieces;
}

/** The kept markup of UTF-8 bytes: gathered, then decoded once (one call, not one per piece). */
function keptUtf8(bytes: Buffer, cuts: Cut[]): string {
  if (cuts.length === 0) return bytes.toString('utf8');
  const pieces = keptPieces(cuts, bytes.length, (at) => bytes[at]!);
  const out = Buffer.allocUnsafe(pieces.reduce((sum, p) => sum + (typeof p === 'string' ? p.length : p[1] - p[0]), 0));
  let at = 0;
  for (const p of pieces) {
    if (typeof p === 'string') at += out.write(p, at, 'latin1');
    else at += bytes.copy(out, at, p[0], p[1]);
  }
  return out.toString('utf8', 0, at);
}

// ------------------------------------------------------------------ structure

const HEAD_ONLY = new Set(['TITLE', 'META', 'LINK', 'BASE', 'STYLE', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE']);

/**
 * linkedom builds the tree as written, without the HTML tree builder's
 * repairs: content outside `<body>` (a page without one, stray text after
 * `</html>`, body content left inside an unclosed `<head>`) would be invisible
 * to `document.body` and to Readability. Moves it where a browser would.
 */
function repairStructure(document: Doc): { head: El; body: El } {
  const root = document.documentElement!;
  let head: El | null = null;
  let body: El | null = null;
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (node.nodeName === 'HEAD') head ??= node;
    else if (node.nodeName === 'BODY') body ??= node;
  }
  if (!head) head = root.insertBefore(document.createElement('head'), root.firstChild);
  if (!body) body = root.appendChild(document.createElement('body'));
  const before: El[] = [];
  const after: El[] = [];
  let strayInHead = false;
  for (let node = head.firstChild; node; node = node.nextSibling) {
    if (!strayInHead && node.nodeType === 1 && !HEAD_ONLY.has(node.nodeName)) strayInHead = true;
    if (strayInHead) before.push(node);
  }
  let seenBody = false;
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (node === body) seenBody = true;
    else if (node !== head && !(node.nodeType === 3 && !node.textContent?.trim())) {
      if (!seenBody && node.nodeType === 1 && HEAD_ONLY.has(node.nodeName) && before.length === 0) continue;
      (seenBody ? after : before).push(node);
    }
  }
  for (let node = root.nextSibling; node; node = node.nextSibling)
    if (node.nodeType === 1 || node.nodeType === 3) after.push(node);
  const first = body.firstChild;
  for (const node of before) body.insertBefore(node, first);
  for (const node of after) body.appendChild(node);
  return { head, body };
}

// ------------------------------------------------------------------ metadata

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  url: string | null;
}

interface JsonLdArticle {
  headline: string | null;
  authors: string[];
  datePublished: string | null;
  url: string | null;
  publisher: string | null;
}

const ARTICLE_TYPE = /Article$|Posting$|^Report$/;
const SEPARATOR = /\s+(?:\||-|–|—|\\|\/|»|·|•|::)\s+/g;
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const wordCount = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** An absolute http(s) URL, normalized, or null. */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Some sites HTML-escape their JSON-LD strings. */
function unescapeEntities(s: string): string {
  if (!s.includes('&')) return s;
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] !== '#') return named[code.toLowerCase()] ?? whole;
    const cp = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

function readJsonLd(document: Doc): JsonLdArticle | null {
  const scripts = document.getElementsByTagName('script');
  for (let s = 0; s < scripts.length; s++) {
    const script = scripts[s]!;
    if (!/^\s*application\/ld\+json\s*$/i.test(script.getAttribute('type') ?? '')) continue;
    let data: unknown;
    try {
      const json = (script.textContent ?? '').replace(/^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$/g, '');
      data = JSON.parse(json);
    } catch {
      continue;
    }
    // Breadth-first through arrays and @graph, bounded: this is untrusted input.
    const queue: unknown[] = [data];
    for (let seen = 0; queue.length > 0 && seen < 500; seen++) {
      const item = queue.shift();
      if (Array.isArray(item)) {
        queue.push(...item.slice(0, 100));
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      const obj = item as Record<string, unknown>;
      if (Array.isArray(obj['@graph'])) queue.push(...obj['@graph'].slice(0, 100));
      const types = ([] as unknown[]).concat(obj['@type']);
      if (types.some((t) => typeof t === 'string' && ARTICLE_TYPE.test(t))) return articleFromJsonLd(obj);
    }
  }
  return null;
}

function articleFromJsonLd(obj: Record<string, unknown>): JsonLdArticle {
  const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? unescapeEntities(v.trim()) : null);
  const nameOf = (v: unknown): string | null =>
    str(v) ?? (v && typeof v === 'object' ? str((v as Record<string, unknown>).name) : null);
  const authors = ([] as unknown[])
    .concat(obj.author ?? [], obj.creator ?? [])
    .slice(0, 50)
    .map(nameOf)
    .filter((a): a is string => a !== null && !httpUrl(a));
  const page = obj.mainEntityOfPage;
  const pageUrl =
    page && typeof page === 'object'
      ? ((page as Record<string, unknown>)['@id'] ?? (page as Record<string, unknown>).url)
      : page;
  return {
    headline: str(obj.headline) ?? str(obj.name),
    authors,
    datePublished: str(obj.datePublished) ?? str(obj.dateCreated),
    url: httpUrl(obj.url) ?? httpUrl(pageUrl),
    publisher: nameOf(obj.publisher),
  };
}

/** Drops segments that are exactly the site's name ("Headline | Site", "Site — Headline"). */
function stripSiteName(title: string, siteName: string | null): string {
  if (!siteName) return title;
  const site = squash(siteName).toLowerCase();
  const parts = title.split(SEPARATOR);
  if (parts.length < 2) return title;
  const seps = title.match(SEPARATOR) ?? [];
  let first = 0;
  let last = parts.length - 1;
  while (last > first && parts[last]!.trim().toLowerCase() === site) last--;
  while (first < last && parts[first]!.trim().toLowerCase() === site) first++;
  let out = parts[first]!;
  for (let p = first + 1; p <= last; p++) out += seps[p - 1]! + parts[p]!;
  return out.trim();
}

/**
 * The headline inside a `<title>`, which usually carries the site's name
 * and sometimes a section: "Headline | Section | Site", "Site - Headline".
 * A `<h1>` that the title starts or ends with settles it; otherwise short
 * segments are peeled off the end while what remains still reads like a
 * headline (three words or more), or else off the front (five or more
 * after a dash, three after a pipe).
 */
export function cleanTitle(raw: string, siteName: string | null, h1s: string[] = []): string | null {
  const title = squash(raw);
  if (!title) return null;
  for (const h1 of h1s) {
    if (h1.length < 8) continue;
    if (title === h1) return h1;
    const rest = title.startsWith(h1) ? title.slice(h1.length) : title.endsWith(h1) ? title.slice(0, -h1.length) : null;
    if (rest !== null && /^\s*(?:\||-|–|—|\\|\/|»|·|•|::|:)\s*|\s*(?:\||-|–|—|\\|\/|»|·|•|::|:)\s*$/.test(rest)) {
      return h1;
    }
  }
  const stripped = stripSiteName(title, siteName);
  const parts = stripped.split(SEPARATOR);
  const seps = stripped.match(SEPARATOR) ?? [];
  let first = 0;
  let last = parts.length - 1;
  const words = (from: number, to: number): number => wordCount(parts.slice(from, to + 1).join(' '));
  while (last > first && wordCount(parts[last]!) <= 4 && words(first, last - 1) >= 3) last--;
  if (last === parts.length - 1) {
    // A pipe is never part of a headline; a dash may be ("Obama - the early years").
    const enough = (at: number): number => (seps[at]!.includes('|') ? 3 : 5);
    while (first < last && wordCount(parts[first]!) <= 3 && words(first + 1, last) >= enough(first)) first++;
  }
  let out = parts[first]!;
  for (let p = first + 1; p <= last; p++) out += seps[p - 1]! + parts[p]!;
  return out.trim() || title;
}

function cleanByline(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = squash(value).replace(/^by[:\s]+/i, '');
  if (!s || httpUrl(s) || s.length > 300) return null;
  return s;
}

/** Joins several author names, dropping repeats. */
function joinNames(names: Array<string | null>): string | null {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of names) {
    const clean = cleanByline(name);
    if (clean && !seen.has(clean.toLowerCase())) {
      seen.add(clean.toLowerCase());
      out.push(clean);
    }
  }
  return out.length > 0 ? out.join(', ') : null;
}

const DATE_KEYS = [
  'article:published_time',
  'og:published_time',
  'published_time',
  'datepublished',
  'date',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'publication_date',
  'dc.date.issued',
  'dc.date',
  'dcterms.issued',
  'dcterms.date',
  'dcterms.created',
  'parsely-pub-date',
  'sailthru.date',
  'article.published',
  'datecreated',
];

/**
 * Title, byline, date and canonical URL from the head's meta tags, JSON-LD,
 * `<title>`, `<time>` and `<link rel=canonical>`. Reads the document as
 * parsed, before Readability strips scripts (JSON-LD lives in one).
 */
export function readMetadata(document: Doc, html: string): PageMetadata {
  const values = new Map<string, string[]>();
  const metas = document.getElementsByTagName('meta');
  for (let m = 0; m < metas.length; m++) {
    const meta = metas[m]!;
    const content = meta.getAttribute('content');
    if (!content?.trim()) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      // `property` may hold several space-separated names.
      for (const key of (meta.getAttribute(attr) ?? '').toLowerCase().split(/\s+/)) {
        if (!key) continue;
        const list = values.get(key);
        if (list) list.push(content.trim());
        else values.set(key, [content.trim()]);
      }
    }
  }
  const one = (...keys: string[]): string | null => {
    for (const key of keys) {
      const value = values.get(key)?.[0];
      if (value) return value;
    }
    return null;
  };
  const ld = readJsonLd(document);
  const siteName = one('og:site_name', 'application-name') ?? ld?.publisher ?? null;

  const h1s: string[] = [];
  const h1Nodes = document.getElementsByTagName('h1');
  for (let h = 0; h < h1Nodes.length && h1s.length < 3; h++) {
    const text = squash(h1Nodes[h]!.textContent ?? '');
    if (text) h1s.push(text);
  }
  let titleTag = '';
  const titles = document.getElementsByTagName('title');
  for (let t = 0; t < titles.length && !titleTag; t++) {
    // An SVG's <title> is a tooltip, not the page's.
    let inSvg = false;
    for (let p = titles[t]!.parentNode; p && !inSvg; p = p.parentNode) inSvg = p.nodeName.toUpperCase() === 'SVG';
    if (!inSvg) titleTag = titles[t]!.textContent ?? '';
  }
  const given = [one('og:title'), ld?.headline ?? null, one('twitter:title', 'dc.title', 'dcterms.title')]
    .map((t) => (t ? stripSiteName(squash(t), siteName) : ''))
    .find(Boolean);
  const title = given || cleanTitle(titleTag, siteName, h1s) || h1s[0] || null;

  // Meta tags often name one author where JSON-LD lists them all: take every name, once.
  const byline =
    joinNames([...(values.get('author') ?? []), ...(values.get('article:author') ?? []), ...(ld?.authors ?? [])]) ??
    joinNames([one('dc.creator', 'dcterms.creator', 'parsely-author', 'sailthru.author', 'byl')]);

  let publishedAt: string | null = null;
  for (const candidate of [
    values.get('article:published_time')?.[0],
    ld?.datePublished,
    ...DATE_KEYS.map((k) => one(k)),
  ]) {
    publishedAt = toIsoDate(candidate);
    if (publishedAt) break;
  }
  if (!publishedAt) publishedAt = timeElementDate(document);

  let canonical: string | null = null;
  const links = document.getElementsByTagName('link');
  for (let l = 0; l < links.length && !canonical; l++) {
    if (/(^|\s)canonical(\s|$)/i.test(links[l]!.getAttribute('rel') ?? '')) {
      canonical = httpUrl(links[l]!.getAttribute('href'));
    }
  }
  // "Save Page As" in Chromium and IE records where a page came from.
  const savedFrom = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 2048));
  const url =
    canonical ?? httpUrl(one('og:url')) ?? ld?.url ?? httpUrl(one('twitter:url')) ?? httpUrl(savedFrom?.[1]) ?? null;

  return { title, byline, publishedAt, url };
}

/** The first `<time datetime>` that marks publication, or failing that one not in navigation or a footer. */
function timeElementDate(document: Doc): string | null {
  const times = document.getElementsByTagName('time');
  let fallback: string | null = null;
  for (let t = 0; t < times.length && t < 200; t++) {
    const time = times[t]!;
    const date = toIsoDate(time.getAttribute('datetime'));
    if (!date) continue;
    if (/datePublished/i.test(time.getAttribute('itemprop') ?? '') || time.getAttribute('pubdate') !== null)
      return date;
    if (fallback) continue;
    let inside = false;
    for (let p = time.parentNode; p && !inside; p = p.parentNode) inside = /^(NAV|FOOTER|ASIDE)$/.test(p.nodeName);
    if (!inside) fallback = date;
  }
  return fallback;
}

// ------------------------------------------------------------------ content

/** Page furniture, dropped when Readability is not used (nav, aside, footer and dialog are cut before parsing). */
const FURNITURE =
  'form, [hidden], [aria-hidden="true"], [role="navigation"], [role="banner"], [role="contentinfo"], ' +
  '[role="complementary"], [role="search"], [role="dialog"], [role="menu"], [role="menubar"]';

/** The body's blocks without navigation, banners, footers, asides, hidden parts, comment and ad boxes. */
function bodyBlocks(body: El): Block[] {
  const furniture = body.querySelectorAll(FURNITURE);
  for (let f = 0; f < furniture.length; f++) furniture[f]!.remove();
  // The site's header, not an article's own (which holds its headline).
  const headers = body.getElementsByTagName('header');
  const siteHeaders: El[] = [];
  for (let h = 0; h < headers.length; h++) {
    let inArticle = false;
    for (let p = headers[h]!.parentNode; p && !inArticle; p = p.parentNode) {
      inArticle = p.nodeName === 'ARTICLE' || p.nodeName === 'MAIN';
    }
    if (!inArticle) siteHeaders.push(headers[h]!);
  }
  for (const header of siteHeaders) header.remove();
  return dropLabels(htmlToBlocks(body));
}

/** Ad labels and "continue reading" stubs that survive as paragraphs of their own. */
const LABEL =
  /^(?:advertisement|advertising|ads?|sponsored(?: content)?|paid (?:content|post)|anzeige|werbung|реклама|publicité|publicidad|anuncio|pubblicità|scroll to continue(?: with content)?|(?:story|article) continues below(?: this)?(?: ad(?:vertisement)?)?|continue reading(?: below)?)[.:…]*$/i;

function dropLabels(blocks: Block[]): Block[] {
  return blocks.filter((block) => block.text.length > 60 || !LABEL.test(block.text.trim()));
}

function readArticle(document: Doc): { blocks: Block[]; byline: string | null } | null {
  const article = new Readability<El>(document as never, {
    serializer: (node) => node as unknown as El,
    // We read JSON-LD ourselves, before this point.
    disableJSONLD: true,
    maxElemsToParse: 0,
  }).parse();
  if (!article?.content) return null;
  const blocks = dropLabels(htmlToBlocks(article.content));
  return blocks.length > 0 ? { blocks, byline: article.byline ?? null } : null;
}

/** The byline line at the top of the text ("By Jane Roe") is metadata, kept apart; Readability misses it on retries. */
function dropBylineBlock(blocks: Block[], byline: string): void {
  const target = byline.toLowerCase();
  const at = blocks.slice(0, 3).findIndex(
    (b) =>
      b.kind === 'paragraph' &&
      squash(b.text)
        .replace(/^by[:\s]+/i, '')
        .toLowerCase() === target,
  );
  if (at >= 0) blocks.splice(at, 1);
}

/** Parses a piece of HTML (not a whole page) with nothing that never becomes text; returns its container. */
export function parseFragment(fragment: string): El {
  const scan = prescan(fragment, { furniture: false });
  return repairStructure(parse(`<html><body>${scan.html}</body></html>`)).body;
}

/** The blocks of an HTML fragment, all of its text (no article heuristics: the fragment is what was chosen). */
export function fragmentBlocks(fragment: string): Block[] {
  try {
    return htmlToBlocks(parseFragment(fragment));
  } catch (err) {
    if (err instanceof RangeError) {
      throw new CasebookError(
        'malformed_html',
        'The HTML could not be read: its markup is too deeply nested or too large.',
      );
    }
    throw err;
  }
}

/**
 * Reads a page already decoded to a string: metadata first, then the
 * article through Readability, or the body's text when Readability finds no
 * article or the page is too large for it.
 */
export function extractHtmlString(source: string, fileName: string): ExtractedDoc {
  return guarded(fileName, () => readPage(prescan(source), source.slice(0, 2048), fileName));
}

/** A prescanned page to blocks and metadata; `head`: the start of the source (for a "saved from" comment). */
function readPage(scan: Prescan, head: string, fileName: string): ExtractedDoc {
  let html = scan.firstTag === 'html' ? scan.html : `<html>${scan.html}</html>`;
  let document = parse(html);
  if (document.documentElement?.nodeName !== 'HTML') {
    html = `<html>${scan.html}</html>`;
    document = parse(html);
  }
  const { body } = repairStructure(document);
  const meta = readMetadata(document, head);
  let read: { blocks: Block[]; byline: string | null } | null = null;
  let blocks: Block[];
  // Readability's cost grows with depth times text; a page that needed flattening is malformed anyway.
  if (
    scan.flattened ||
    scan.elements > MAX_READABILITY_ELEMENTS ||
    scan.depth * scan.html.length > MAX_READABILITY_DEPTH_CHARS
  ) {
    blocks = bodyBlocks(body);
  } else {
    try {
      read = readArticle(document);
    } catch (err) {
      if (err instanceof RangeError) throw err;
      // Readability's heuristics failing is no reason to lose the page: fall back to the body.
    }
    // Readability rewrites the tree as it goes; the fallback starts from a fresh parse.
    blocks = read?.blocks ?? bodyBlocks(repairStructure(parse(html)).body);
  }
  const byline = meta.byline ?? cleanByline(read?.byline);
  if (byline) dropBylineBlock(blocks, byline);
  if (blocks.length === 0) {
    throw new CasebookError('empty_file', `${fileName} is a web page with no text to import.`);
  }
  return {
    kind: 'html',
    extractor: HTML_EXTRACTOR,
    blocks,
    title: meta.title,
    byline,
    publishedAt: meta.publishedAt,
    url: meta.url,
  };
}

/** Runs a page's reading; what fails other than with our own errors is malformed markup. */
function guarded(fileName: string, read: () => ExtractedDoc): ExtractedDoc {
  try {
    return read();
  } catch (err) {
    if (err instanceof CasebookError) throw err;
    if (err instanceof RangeError) {
      throw new CasebookError(
        'malformed_html',
        `${fileName} could not be read as a web page: its markup is too deeply nested or too large.`,
      );
    }
    throw new CasebookError(
      'malformed_html',
      `${fileName} could not be read as a web page (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
}

/**
 * Web pages. Nothing in the page runs or loads: linkedom only builds a tree
 * (no script execution, no resource fetching), Readability only reads it, and
 * the result is plain text blocks.
 */
export const extractHtml: Extractor = (bytes, { fileName }) => {
  const utf8 = utf8Page(bytes);
  if (!utf8) return extractHtmlString(decodeHtml(bytes, fileName), fileName);
  return guarded(fileName, () => {
    // Scanned in a Latin-1 view of the bytes, where a unit is a byte (the
    // markup's syntax is ASCII, and UTF-8 never uses an ASCII byte inside a
    // character), and only what is kept is decoded: about 20 KB of a 200 KB
    // page. Decoding the whole page measured 1.5–3 ms a page, mostly V8
    // allocating a string over 128 KB, in UTF-16 when one character needs it.
    const scan = scanMarkup(utf8.toString('latin1'));
    const head = utf8.toString('utf8', 0, Math.min(utf8.length, 2048));
    return readPage({ ...scan, html: keptUtf8(utf8, scan.cuts) }, head, fileName);
  });
};

/** The page's bytes as a Buffer when decodeHtml would read them as UTF-8 (BOM dropped), else null. */
function utf8Page(bytes: Uint8Array): Buffer | null {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!bom && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return null;
  if (!bom && looksBinary(bytes)) return null;
  const body = bom ? bytes.subarray(3) : bytes;
  return isUtf8(body) ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : null;
}
