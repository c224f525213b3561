/**
 * Serving the built renderer, shared by browser mode (HTTP) and the Electron
 * app protocol: one policy, one MIME table, one traversal-safe path check.
 */
import { normalize, resolve, sep } from 'node:path';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

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

/**
 * The file under `root` a URL path names, or a refusal. The path is
 * percent-decoded once, then resolved and checked to stay inside the folder,
 * so `..`, `%2e%2e%2f` and backslashes cannot climb out.
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
  if (!file.startsWith(base + sep)) return { status: 403, message: 'Outside the app.' };
  return { file };
}
