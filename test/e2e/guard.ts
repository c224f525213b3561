import type { BrowserContext, Page } from 'playwright-core';

/*
 * Watches a page for any sign that content ran: the flag payloads set
 * (window.__pwned), a dialog, a request or navigation outside the app, a new
 * window or frame, a Content-Security-Policy violation (the policy had to stop
 * something, so something got in), and markup in the DOM the app never makes
 * (event-handler attributes, frames, javascript: links, remote images).
 *
 * The functions given to page.evaluate run in Chromium, but this file is
 * typechecked for Node (no DOM library): they name the few DOM types they use.
 */

interface GuardWindow {
  __pwned?: unknown;
  __csp?: string[];
  __cspInert?: number;
  location: { origin: string };
  document: {
    addEventListener(
      type: string,
      listener: (e: { violatedDirective: string; blockedURI: string; target: unknown }) => void,
    ): void;
    querySelectorAll(selector: string): Iterable<DomElement>;
  };
}
interface DomElement {
  localName: string;
  namespaceURI: string | null;
  attributes: Iterable<{ name: string; value: string }>;
}

export interface Guard {
  /** Everything seen since the last call, as readable lines; empty when nothing ran. Clears what it returns. */
  take(): Promise<string[]>;
  /** How many CSP reports came from markup parsed outside the page (see recordViolations). */
  inertReports(): Promise<number>;
}

/**
 * Runs in the page before its own scripts: records CSP violations. Markup
 * parsed into a document that is not the page (DOMParser, a template, as
 * sanitizers and Lexical's paste do) is checked against the page's policy
 * too, and Chromium reports its event-handler attributes and <base> elements
 * as violations aimed at the page's document rather than at an element. Such a
 * document has no window and runs nothing, so those reports are counted apart;
 * a violation by anything in the page itself names its element.
 */
function recordViolations(): void {
  const w = globalThis as unknown as GuardWindow;
  w.__csp = [];
  w.__cspInert = 0;
  w.document.addEventListener('securitypolicyviolation', (e) => {
    const fromInertDocument =
      e.target === w.document && (e.violatedDirective === 'script-src-attr' || e.violatedDirective === 'base-uri');
    if (fromInertDocument) w.__cspInert!++;
    else {
      const target = (e.target as { localName?: string } | null)?.localName;
      w.__csp!.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}${target ? ` at <${target}>` : ''}`);
    }
  });
}

/** Markup in the page that no Casebook view makes; runs in the page. */
function scanDom(): string[] {
  const w = globalThis as unknown as GuardWindow;
  const origin = w.location.origin;
  const problems: string[] = [];
  const never = new Set([
    'script',
    'iframe',
    'frame',
    'frameset',
    'object',
    'embed',
    'applet',
    'portal',
    'base',
    'meta',
    'link',
    'style',
    'math',
    'template',
    'noscript',
    'img',
    'picture',
    'source',
    'video',
    'audio',
    'image',
    'feimage',
    'foreignobject',
    'animate',
    'set',
    'animatemotion',
    'animatetransform',
    'use',
  ]);
  const urlAttributes = new Set([
    'srcdoc',
    'ping',
    'formaction',
    'action',
    'background',
    'poster',
    'srcset',
    'data',
    'codebase',
    'xlink:href',
  ]);
  for (const el of w.document.querySelectorAll('body *')) {
    const tag = el.localName.toLowerCase();
    const svg = el.namespaceURI === 'http://www.w3.org/2000/svg';
    const attrs = [...el.attributes].map((a) => a.name.toLowerCase());
    // Lexical's own empty images that keep the caret in place around decorators and line breaks.
    const lexicalAnchor =
      tag === 'img' &&
      attrs.some((a) => a === 'data-lexical-decorator-boundary' || a === 'data-lexical-managed-linebreak') &&
      !attrs.some((a) => a === 'src' || a === 'srcset');
    if (never.has(tag) && !lexicalAnchor) problems.push(`<${tag}> in the page`);
    if (svg && tag === 'a') problems.push('<a> in an <svg>');
    for (const { name, value } of el.attributes) {
      const attr = name.toLowerCase();
      if (attr.startsWith('on')) problems.push(`<${tag} ${attr}="${value.slice(0, 60)}">`);
      if (urlAttributes.has(attr)) problems.push(`<${tag} ${attr}="${value.slice(0, 60)}">`);
      if (
        (attr === 'href' || attr === 'src') &&
        !/^(https?:|mailto:|#|blob:)/i.test(value.trim()) &&
        value.trim() !== ''
      ) {
        problems.push(`<${tag} ${attr}="${value.slice(0, 60)}">`);
      }
      if (attr === 'src' && !value.startsWith(origin)) problems.push(`<${tag} src="${value.slice(0, 60)}">`);
      if (attr === 'style' && /url\(|expression\(|@import|javascript:/i.test(value))
        problems.push(`<${tag} style="${value.slice(0, 60)}">`);
      if (attr === 'target' && value !== '_blank') problems.push(`<${tag} target="${value}">`);
    }
  }
  return problems;
}

/**
 * Starts watching `page` (and any page its context opens). `own` tells the
 * URLs the page may request and navigate to: an origin (the app's, every path
 * under it) or a test. Call before the page loads, or reload it after, so the
 * CSP listener is in place.
 */
export async function guard(page: Page, own: string | ((url: string) => boolean)): Promise<Guard> {
  const allowed = typeof own === 'string' ? (url: string) => url.startsWith(`${own}/`) : own;
  const lines: string[] = [];
  const context: BrowserContext = page.context();
  await page.addInitScript(recordViolations);
  context.on('request', (request) => {
    const url = request.url();
    if (!allowed(url)) lines.push(`request ${request.method()} ${url.slice(0, 120)}`);
  });
  context.on('page', (opened) => {
    lines.push(`new window ${opened.url()}`);
    void opened.close();
  });
  page.on('dialog', (dialog) => {
    lines.push(`dialog ${dialog.type()} "${dialog.message().slice(0, 80)}"`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('frameattached', (frame) => lines.push(`frame attached ${frame.url()}`));
  page.on('framenavigated', (frame) => {
    const url = frame.url();
    if (frame !== page.mainFrame()) lines.push(`frame navigated to ${url.slice(0, 120)}`);
    else if (!allowed(url)) lines.push(`page navigated to ${url.slice(0, 120)}`);
  });
  return {
    async take() {
      const inPage = await page
        .evaluate(() => {
          const w = globalThis as unknown as GuardWindow;
          const found: string[] = [];
          if (w.__pwned !== undefined) found.push(`window.__pwned = ${String(w.__pwned)}`);
          for (const v of w.__csp ?? []) found.push(`CSP violation: ${v}`);
          w.__csp = [];
          return found;
        })
        .catch((err: unknown) => [`page unreadable: ${String(err)}`]);
      const dom = await page.evaluate(scanDom).catch((err: unknown) => [`page unreadable: ${String(err)}`]);
      const all = [...lines.splice(0), ...inPage, ...dom];
      return [...new Set(all)];
    },
    inertReports: () => page.evaluate(() => (globalThis as unknown as GuardWindow).__cspInert ?? 0).catch(() => 0),
  };
}
