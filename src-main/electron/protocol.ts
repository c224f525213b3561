/**
 * The renderer is served from `casebook://app/` rather than `file://`: a
 * standard, secure origin of its own, so `'self'` in the CSP means exactly our
 * bundle, and no page can read local files by URL. The handler is web-standard
 * (Request in, Response out) and testable without Electron.
 */
import type { CustomScheme, Protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { MIME, resolveStaticPath, SECURITY_HEADERS } from '../web/static-files';
import { APP_HOST, APP_SCHEME } from './security';

/** Must be registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

function respond(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** Serves the file under `rendererDir` a request names, or a refusal (see resolveStaticPath). */
export function createAppHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return respond(400, 'Malformed URL.');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return respond(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Read-only.');
    const resolved = resolveStaticPath(rendererDir, url.pathname);
    if (!('file' in resolved)) return respond(resolved.status, resolved.message);
    const { file } = resolved;
    try {
      if (!(await stat(file)).isFile()) return respond(404, 'Not found.');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          ...SECURITY_HEADERS,
          'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return respond(404, 'Not found.');
    }
  };
}

/** Serves the built renderer on `casebook://app/` for one session's protocol. */
export function serveApp(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(rendererDir));
}
