import createDOMPurify, { type DOMPurify, type WindowLike } from 'dompurify';

/** What survives a paste: structure and formatting an analyst would expect to keep, nothing that runs. */
const ALLOWED_TAGS = [
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'strike',
  'del',
  'ins',
  'sub',
  'sup',
  'code',
  'mark',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'a',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'colgroup',
  'col',
  'hr',
  'pre',
];
const ALLOWED_ATTR = ['href', 'title', 'colspan', 'rowspan', 'style', 'start', 'value', 'dir'];
/** Links to the web, to mail, and to the app's own pages (`#/source/12`). */
const ALLOWED_URI = /^(?:https?:|mailto:|#\/)/i;
/** The inline styles that carry formatting (Google Docs and Word mark bold and italic this way). */
const KEPT_STYLES = new Set(['font-weight', 'font-style', 'text-decoration', 'text-decoration-line', 'vertical-align']);

const purifiers = new WeakMap<object, DOMPurify>();

function purifierFor(win: WindowLike): DOMPurify {
  let purify = purifiers.get(win);
  if (purify) return purify;
  purify = createDOMPurify(win);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName !== 'style') return;
    const kept = data.attrValue
      .split(';')
      .map((decl) => decl.trim())
      .filter((decl) => {
        const colon = decl.indexOf(':');
        if (colon < 0) return false;
        const value = decl.slice(colon + 1).toLowerCase();
        return KEPT_STYLES.has(decl.slice(0, colon).trim().toLowerCase()) && !/url\(|expression|\\/.test(value);
      });
    data.attrValue = kept.join('; ');
    if (!data.attrValue) data.keepAttr = false;
  });
  purifiers.set(win, purify);
  return purify;
}

/**
 * Cleans HTML pasted from outside: headings, lists, quotes, tables, links and
 * bold/italic/underline/strikethrough stay; scripts, event handlers, frames,
 * forms, styles sheets, images, and links that are not web, mail or in-app go.
 */
export function sanitizePastedHtml(html: string, win: WindowLike = window): string {
  const purify = purifierFor(win);
  // Without a DOM it can trust, DOMPurify returns its input unchanged: paste the plain text instead.
  if (!purify.isSupported) return '';
  // The body of DOMPurify's own inert document: no element of it is ever part of the page.
  const body = purify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    WHOLE_DOCUMENT: false,
    RETURN_DOM: true,
  });
  dropCelllessRows(body);
  return body.innerHTML;
}

/**
 * HTML parsing moves whatever is not a cell out of a table (`<table><tr><img>`
 * leaves an empty row behind once the image is removed), and Lexical cannot
 * hold a row without cells: the editor would stop taking input after it. Such
 * rows go, and so do tables left with no row.
 */
function dropCelllessRows(root: Element): void {
  for (const row of Array.from(root.getElementsByTagName('tr'))) {
    if (!Array.from(row.children).some((c) => c.localName === 'td' || c.localName === 'th')) row.remove();
  }
  for (const table of Array.from(root.getElementsByTagName('table'))) {
    if (table.getElementsByTagName('tr').length === 0) table.remove();
  }
}
