import { CasebookError } from '../../errors';
import { extractHtmlString, fragmentBlocks, httpUrl } from './html';
import { takeDateMarker } from './txt';
import type { ExtractedDoc } from './types';

/** What a drag from another application carries (the DataTransfer types we read). */
export interface DroppedInput {
  /** `text/html`: a selection's markup, sometimes a whole page. */
  html?: string;
  /** `text/plain`. */
  text?: string;
  /** `text/uri-list` (RFC 2483): one URI a line, `#` lines are comments. */
  uriList?: string;
}

const NAME = 'The dropped content';

/** The first http(s) URI of a `text/uri-list`, skipping comments and other schemes. */
export function firstHttpUri(uriList: string | undefined): string | null {
  for (const line of (uriList ?? '').split(/\r?\n/)) {
    const uri = line.trim();
    if (!uri || uri.startsWith('#')) continue;
    const url = httpUrl(uri);
    if (url) return url;
  }
  return null;
}

/**
 * A source URL carried inside dropped markup: the `SourceURL:` line of the
 * Windows clipboard's CF_HTML header, a `<base href>`, or a page's
 * "saved from" mark.
 */
function urlInMarkup(html: string): string | null {
  const head = html.slice(0, 4096);
  const cf = /^SourceURL:(\S+)/m.exec(head);
  const base = /<base\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/i.exec(head);
  const saved = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(head);
  return httpUrl(cf?.[1]) ?? httpUrl(base?.[1]) ?? httpUrl(saved?.[1]);
}

/**
 * The part of dropped markup that was selected. Chromium wraps a selection
 * in `<html><body><!--StartFragment-->…<!--EndFragment-->` (after a CF_HTML
 * header on Windows); Firefox and others send the fragment alone.
 */
function selectedPart(html: string): { fragment: string; marked: boolean } {
  const start = html.indexOf('<!--StartFragment-->');
  if (start < 0) {
    // A CF_HTML header without markers: the markup starts at the first tag.
    const header = /^Version:\d[\s\S]*?(?=<)/.exec(html);
    return { fragment: header ? html.slice(header[0].length) : html, marked: false };
  }
  const from = start + '<!--StartFragment-->'.length;
  const end = html.indexOf('<!--EndFragment-->', from);
  return { fragment: html.slice(from, end < 0 ? undefined : end), marked: true };
}

/** A whole article page (dragged or copied as a document), not a selection. */
function isWholePage(html: string): boolean {
  return /<html[\s>]|<!doctype html/i.test(html) && /<(?:title|article|main)[\s>]|property\s*=\s*["']?og:/i.test(html);
}

/**
 * Content dragged in from another application becomes a source:
 * - HTML first (it keeps paragraphs and headings). A whole article page goes
 *   through the same path as an imported .html file (Readability, metadata);
 *   a selection is taken whole, every word of it, as text blocks.
 * - Otherwise plain text, like a .txt file.
 * - A link alone (a `text/uri-list` with no text, as when a bookmark or an
 *   address-bar URL is dragged) becomes a one-line source whose text and
 *   title are the URL: Casebook never fetches anything, and a recorded link
 *   the analyst can annotate and retitle beats refusing the drop.
 * The URL is the uri-list's first http(s) line when there is one, else one
 * the markup carries. Nothing usable: `empty_file`.
 */
export function extractDropped(input: DroppedInput): ExtractedDoc {
  const listed = firstHttpUri(input.uriList);
  // Markup we can't read still leaves the plain text or the link, which the drag usually carries too.
  let failure: CasebookError | null = null;
  if (input.html?.trim()) {
    try {
      const doc = fromHtml(input.html);
      if (doc) return { ...doc, url: listed ?? doc.url ?? urlInMarkup(input.html) };
    } catch (err) {
      if (!(err instanceof CasebookError)) throw err;
      failure = err;
    }
  }
  if (input.text?.trim()) {
    const { publishedAt, rest } = takeDateMarker(input.text);
    return {
      kind: 'txt',
      extractor: 'dropped-text@1',
      blocks: [{ kind: 'paragraph', text: rest }],
      title: null,
      byline: null,
      publishedAt,
      url: listed,
    };
  }
  if (listed) {
    const all = (input.uriList ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && httpUrl(line));
    return {
      kind: 'txt',
      extractor: 'dropped-link@1',
      blocks: all.map((uri) => ({ kind: 'paragraph' as const, text: uri })),
      title: listed,
      byline: null,
      publishedAt: null,
      url: listed,
    };
  }
  if (failure && failure.code !== 'empty_file') throw failure;
  throw new CasebookError('empty_file', 'The dropped content has no text to import.');
}

/** Blocks from dropped markup; null when it holds no text. */
function fromHtml(html: string): ExtractedDoc | null {
  const { fragment, marked } = selectedPart(html);
  if (!marked && isWholePage(fragment)) return extractHtmlString(fragment, NAME);
  const blocks = fragmentBlocks(fragment);
  if (blocks.length === 0) return null;
  return { kind: 'html', extractor: 'dropped-html@1', blocks, title: null, byline: null, publishedAt: null, url: null };
}
