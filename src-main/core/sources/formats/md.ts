import { Lexer, type Token, type Tokens } from 'marked';
import { parseDocument } from 'yaml';
import { toIsoDate } from '../dates';
import { decodeText } from '../decode';
import { fragmentBlocks, httpUrl, parseFragment } from './html';
import { takeDateMarker } from './txt';
import type { Block, ExtractedDoc, Extractor } from './types';

export const MD_EXTRACTOR = 'md@1';

// ------------------------------------------------------------------ front matter

export interface FrontMatter {
  title: string | null;
  date: string | null;
  byline: string | null;
  url: string | null;
}

/** `---` on the first line, up to the next `---` (or YAML's `...`) on a line of its own. */
const FENCE = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
/** What a front-matter line looks like: `key: value` or `key:`. */
const KEY_LINE = /^([A-Za-z_][\w .-]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$/;

const TITLE_KEYS = ['title', 'headline', 'name'];
const DATE_KEYS = ['date', 'published', 'pubdate', 'publishdate', 'published_at', 'date_published', 'created'];
const AUTHOR_KEYS = ['author', 'authors', 'byline', 'creator', 'creators'];
const URL_KEYS = ['url', 'link', 'canonical_url', 'canonical', 'source_url', 'source', 'original_url'];

/**
 * Splits YAML front matter off the top of a Markdown file.
 *
 * A fenced block whose YAML parses to a mapping is front matter. A fenced
 * block that reads as `key: value` lines but is not valid YAML (an unquoted
 * colon in a title, a stray bracket: the usual hand-written mistakes) is
 * still front matter: it was meant as metadata, not prose, so it stays out of
 * the text and its simple `key: value` lines are read one by one. A fenced
 * block that doesn't look like metadata at all is left to Markdown (it is a
 * thematic break and a setext heading).
 */
export function splitFrontMatter(raw: string): { meta: FrontMatter | null; body: string } {
  const m = FENCE.exec(raw);
  if (!m) return { meta: null, body: raw };
  const yamlText = m[1] ?? '';
  const firstLine = yamlText.split(/\r?\n/).find((line) => line.trim() && !line.trimStart().startsWith('#'));
  const body = raw.slice(m[0].length);
  if (firstLine === undefined) return { meta: emptyMeta(), body };
  const parsed = parseYamlMapping(yamlText);
  if (parsed) return { meta: fieldsFrom(parsed), body };
  if (!KEY_LINE.test(firstLine)) return { meta: null, body: raw };
  return { meta: fieldsFrom(salvage(yamlText)), body };
}

const emptyMeta = (): FrontMatter => ({ title: null, date: null, byline: null, url: null });

function parseYamlMapping(text: string): Record<string, unknown> | null {
  try {
    // Untrusted input: aliases are capped (no "billion laughs"), custom tags are unknown and so errors.
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    if (doc.errors.length > 0) return null;
    const value: unknown = doc.toJS({ maxAliasCount: 50 });
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `key: value` lines of a block that isn't valid YAML, quotes around a value removed. */
function salvage(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = KEY_LINE.exec(line);
    if (!m || !m[2]) continue;
    const key = m[1]!.toLowerCase();
    let value = m[2];
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1);
    }
    if (!(key in out)) out[key] = value;
  }
  return out;
}

function fieldsFrom(data: Record<string, unknown>): FrontMatter {
  const lower = new Map(Object.entries(data).map(([k, v]) => [k.toLowerCase(), v]));
  const first = (keys: string[]): unknown => keys.map((k) => lower.get(k)).find((v) => v !== undefined && v !== null);
  const text = (v: unknown): string | null =>
    typeof v === 'string' || typeof v === 'number' ? String(v).replace(/\s+/g, ' ').trim() || null : null;
  const name = (v: unknown): string | null =>
    text(v) ?? (v && typeof v === 'object' && !Array.isArray(v) ? text((v as Record<string, unknown>).name) : null);
  const authors = ([] as unknown[])
    .concat(first(AUTHOR_KEYS) ?? [])
    .slice(0, 50)
    .map(name)
    .filter((a): a is string => Boolean(a));
  return {
    title: text(first(TITLE_KEYS)),
    date: toIsoDate(first(DATE_KEYS)),
    byline: authors.length > 0 ? [...new Set(authors)].join(', ') : null,
    url: httpUrl(first(URL_KEYS)),
  };
}

// ------------------------------------------------------------------ Markdown

/**
 * Markdown the lexer can't be trusted with: marked recurses per nesting level
 * (a few thousand `>` overflow the stack) and slows down sharply on deeply
 * nested lists and long runs of emphasis markers. Such a file is imported as
 * plain text instead.
 */
function tooNested(body: string): boolean {
  if (/[*_]{256}/.test(body)) return true;
  let fenced = false;
  for (const line of body.split('\n')) {
    // Inside fenced code, indentation is content, not nesting.
    if (/^ {0,3}(?:```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    let indent = 0;
    let quotes = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 32) indent++;
      else if (c === 9) indent += 4;
      else if (c === 62) quotes++;
      else break;
    }
    if (indent > 160 || quotes > 64) return true;
  }
  return false;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  deg: '°',
  middot: '·',
  bull: '•',
  times: '×',
  shy: '\u00ad',
  sect: '§',
  para: '¶',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  szlig: 'ß',
  ccedil: 'ç',
  ntilde: 'ñ',
};
const looked = new Map<string, string>();

/** The character of a named reference outside the common set, as an HTML parser reads it. */
function lookUpEntity(name: string): string {
  let value = looked.get(name);
  if (value === undefined) {
    value = parseFragment(`&${name};`).textContent ?? `&${name};`;
    if (looked.size < 1000) looked.set(name, value);
  }
  return value;
}

/** Markdown text keeps HTML character references as written; the text wants the characters. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const cp = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
    }
    return NAMED[code] ?? lookUpEntity(code);
  });
}

const RAW_INLINE = /^<(script|style|textarea|title|xmp|iframe|noscript|template|svg|math)\b/i;

/**
 * Inline tokens to their text: links to their text, images to their alt
 * text, emphasis and code markers gone, inline HTML tags dropped (and the
 * content of an inline `<script>`/`<style>` with them).
 */
function inlineText(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return decodeEntities(fallback);
  let out = '';
  let skipUntil: RegExp | null = null;
  const stack: Token[] = [...tokens].reverse();
  while (stack.length > 0) {
    const token = stack.pop()!;
    if (skipUntil) {
      if (token.type === 'html' && skipUntil.test(token.raw)) skipUntil = null;
      continue;
    }
    switch (token.type) {
      case 'text':
      case 'escape':
        if ('tokens' in token && token.tokens?.length) stack.push(...[...token.tokens].reverse());
        // A line break inside a paragraph is only the source's wrapping: a space, as when rendered.
        else out += token.type === 'escape' ? token.text : decodeEntities(token.text).replace(/\n/g, ' ');
        break;
      case 'codespan':
        out += token.text.replace(/\n/g, ' ');
        break;
      case 'br':
        out += '\n';
        break;
      case 'image':
        out += decodeEntities(token.text);
        break;
      case 'html': {
        const raw = RAW_INLINE.exec(token.raw);
        if (raw && !/\/>\s*$/.test(token.raw)) skipUntil = new RegExp(`^</${raw[1]}\\s*>`, 'i');
        break;
      }
      case 'checkbox':
        break;
      default:
        // link, strong, em, del and anything newer with children: their text.
        if ('tokens' in token && Array.isArray(token.tokens)) stack.push(...[...(token.tokens as Token[])].reverse());
        else if ('text' in token && typeof token.text === 'string') out += decodeEntities(token.text);
    }
  }
  return out;
}

/** Block tokens to blocks; iterative (marked's own limits are checked before lexing). */
function toBlocks(tokens: Token[]): Block[] {
  const blocks: Block[] = [];
  const stack: Token[] = [...tokens].reverse();
  while (stack.length > 0) {
    const token = stack.pop()!;
    switch (token.type) {
      case 'heading': {
        const t = token as Tokens.Heading;
        blocks.push({ kind: 'heading', level: t.depth, text: inlineText(t.tokens, t.text) });
        break;
      }
      case 'paragraph':
      case 'text': {
        const t = token as Tokens.Paragraph;
        blocks.push({ kind: 'paragraph', text: inlineText(t.tokens, t.text) });
        break;
      }
      case 'code':
        blocks.push({ kind: 'paragraph', text: (token as Tokens.Code).text });
        break;
      case 'blockquote':
        stack.push(...[...(token as Tokens.Blockquote).tokens].reverse());
        break;
      case 'list':
        // Each item its own block; an item's nested lists and paragraphs follow it.
        for (const item of [...(token as Tokens.List).items].reverse()) stack.push(...[...item.tokens].reverse());
        break;
      case 'table': {
        const t = token as Tokens.Table;
        const row = (cells: Tokens.TableCell[]): string => cells.map((c) => inlineText(c.tokens, c.text)).join(' | ');
        blocks.push({ kind: 'paragraph', text: [row(t.header), ...t.rows.map(row)].join('\n') });
        break;
      }
      case 'html':
        // Block-level HTML is read as text, like an imported page: nothing in it runs or shows as markup.
        blocks.push(...fragmentBlocks((token as Tokens.HTML).text));
        break;
      default:
        // space, hr, def (link definitions), checkbox: no text.
        break;
    }
  }
  return blocks;
}

/** Plain-text blocks, for Markdown too pathological to lex. */
const asPlainText = (body: string): Block[] => [{ kind: 'paragraph', text: body }];

function markdownBlocks(body: string): Block[] {
  if (tooNested(body)) return asPlainText(body);
  let tokens: Token[];
  try {
    tokens = Lexer.lex(body, { gfm: true });
  } catch (err) {
    if (err instanceof RangeError) return asPlainText(body);
    throw err;
  }
  return toBlocks(tokens);
}

export const extractMd: Extractor = (bytes, { fileName }): ExtractedDoc => {
  const { meta, body: afterMeta } = splitFrontMatter(decodeText(bytes, fileName));
  const { publishedAt: marked, rest } = takeDateMarker(afterMeta);
  const blocks = markdownBlocks(rest.replace(/\r\n?/g, '\n'));
  const firstHeading = blocks.find((b) => b.kind === 'heading' && b.text.trim());
  return {
    kind: 'md',
    extractor: MD_EXTRACTOR,
    blocks,
    title: meta?.title ?? firstHeading?.text ?? null,
    byline: meta?.byline ?? null,
    publishedAt: meta?.date ?? marked,
    url: meta?.url ?? null,
  };
};
