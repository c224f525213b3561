/**
 * Serving the built renderer, shared by browser mode (HTTP) and the Electron
 * app protocol: one policy, one MIME table, one traversal-safe path check.
 */
import { realpathSync } from 'node:fs';
import { normalize, resolve, sep } from 'node:path';

/**
 * Only the app's own scripts run: no inline script, no eval, no plugins, no
 * frames, no form posts, and no connection or image load outside the app's
 * origin. Styles may be inline (the editor sets formatting on elements).
 */
const CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
];

/** The policy sent as a header on every response, from both the app protocol and browser mode. */
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

/**
 * The same policy in index.html's <meta>, so it holds however the page is
 * loaded; `frame-ancestors` only works as a header and is left out.
 */
export const CONTENT_SECURITY_POLICY_META = CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ');

/** Sent with every response, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export type StaticPath = { file: string } | { status: 400 | 403; message: string };

const inside = (base: string, file: string): boolean => file.startsWith(base + sep);

/**
 * The file under `root` a URL path names, or a refusal. The path is
 * percent-decoded once, then resolved and checked to stay inside the folder,
 * so `..`, `%2e%2e%2f` and backslashes cannot climb out; then the real path is
 * checked again, so a symbolic link inside the folder cannot lead out of it.
 */
export function resolveStaticPath(root: string, pathname: string): StaticPath {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return { status: 400, message: 'Malformed path.' };
  }
  if (rel.includes('\0')) return { status: 400, message: 'Malformed path.' };
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = resolve(root);
  const file = normalize(resolve(base, '.' + rel.replaceAll('\\', '/')));
  if (!inside(base, file)) return { status: 403, message: 'Outside the app.' };
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    // Nothing there (or unreadable): the caller answers 404, having served nothing.
    return { file };
  }
  let realBase: string;
  try {
    realBase = realpathSync(base);
  } catch {
    return { status: 403, message: 'Outside the app.' };
  }
  if (!inside(realBase, real)) return { status: 403, message: 'Outside the app.' };
  return { file: real };
}
