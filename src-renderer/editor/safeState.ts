import { linkUrl } from './links';

/*
 * A note's saved JSON is content too: it may come from a notebook someone
 * else wrote. Lexical renders what the JSON says before any node transform
 * runs, so the rules the paste plugin applies to new content (links only to
 * the web, mail and the app; no inline styles) are applied to the JSON before
 * the editor sees it. Nothing else in the tree is touched.
 */

type Json = { [key: string]: unknown };

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const LINK_TYPES = new Set(['link', 'autolink']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The node's safe form: a list, since a link that may not stay is replaced by its children. */
function clean(node: unknown): unknown[] {
  if (!isObject(node)) return [node];
  const out: Json = { ...node };
  // Lexical puts a text node's style on its element as is: a url() in it is a request (a web bug).
  if (typeof out.style === 'string' && out.style !== '') out.style = '';
  // Lexical creates whatever element a heading's tag names.
  if (out.type === 'heading' && !(typeof out.tag === 'string' && HEADING_TAGS.has(out.tag))) out.tag = 'h1';
  if (Array.isArray(out.children)) out.children = out.children.flatMap(clean);
  // Lexical cannot hold a table row without cells (the editor stops taking input), nor a table without rows.
  const kids = Array.isArray(out.children) ? (out.children as unknown[]) : [];
  if (out.type === 'tablerow' && !kids.some((c) => isObject(c) && c.type === 'tablecell')) return [];
  if (out.type === 'table' && !kids.some((c) => isObject(c) && c.type === 'tablerow')) return [];
  if (LINK_TYPES.has(String(out.type))) {
    const url = typeof out.url === 'string' ? linkUrl(out.url) : null;
    if (url === null) return Array.isArray(out.children) ? out.children : [];
    out.url = url;
    // Links open through the app (LinksPlugin), never by the page's own targeting.
    out.target = null;
  }
  return [out];
}

/**
 * The editor state JSON with unsafe links unwrapped, styles dropped, heading
 * tags checked and cell-less table rows removed; unparsable JSON is returned as is.
 */
export function safeEditorState(content: string): string {
  let state: unknown;
  try {
    state = JSON.parse(content);
  } catch {
    // Lexical reports it; there is nothing here it could render.
    return content;
  }
  if (!isObject(state) || !isObject(state.root)) return content;
  const [root] = clean(state.root);
  return JSON.stringify({ ...state, root });
}
