import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, resolve } from 'node:path';
import type { CasebookEvent } from '../api/contract';
import type { Router } from '../api/router';
import { MIME, resolveStaticPath, SECURITY_HEADERS } from './static-files';

/** Import payloads carry file bytes as base64. */
const MAX_BODY_BYTES = 400 * 1024 * 1024;

export interface WebServerOptions {
  router: Router;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  /** The open notebook's Exports folder: its files download from /exports/NAME (dossier exports). */
  exportsDir?: () => string;
  subscribe(listener: (event: CasebookEvent) => void): () => void;
}

export interface WebServer {
  /** Where to point a browser: carries the token once, then a cookie does. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(json);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { ok: false, error: { code, message } });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** What dossier exports are served as. */
const EXPORT_MIME: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

const STATUS_OF: Record<string, number> = { invalid_input: 400, unknown_method: 404, not_found: 404, internal: 500 };

/**
 * Browser mode: the renderer and the contract over HTTP, on loopback only.
 * Like a notebook server, a random token guards every request (static files
 * too), and a foreign Host or Origin is refused, which defeats DNS rebinding
 * and cross-site requests.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.staticDir);
  let port = 0;
  let cookieName = '';
  const allowedHosts = (): string[] => [`${HOST}:${port}`, `localhost:${port}`];

  const serveStatic = (pathname: string, res: ServerResponse): void => {
    const resolved = resolveStaticPath(root, pathname);
    if (!('file' in resolved)) {
      refuse(res, resolved.status, resolved.status === 400 ? 'bad_path' : 'forbidden', resolved.message);
      return;
    }
    const { file } = resolved;
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      refuse(res, 404, 'not_found', 'No such file.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  };

  /**
   * A dossier export, as a download. Same checks as the static files (decoded
   * once, kept inside the folder, symbolic links followed and checked), and
   * hidden files (an export still being written) are never served.
   */
  const serveExport = (name: string, res: ServerResponse): void => {
    const dir = options.exportsDir?.();
    let decoded = '';
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // Malformed: refused below like any name that is not a plain file name.
    }
    const plainName = decoded !== '' && !/[/\\]/.test(decoded) && !decoded.startsWith('.');
    const resolved = dir && plainName ? resolveStaticPath(resolve(dir), `/${name}`) : null;
    if (!resolved || !('file' in resolved)) {
      refuse(res, 404, 'not_found', 'No such export.');
      return;
    }
    let size: number;
    try {
      const st = statSync(resolved.file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      refuse(res, 404, 'not_found', 'No such export.');
      return;
    }
    const fileName = basename(resolved.file);
    res.writeHead(200, {
      'Content-Type': EXPORT_MIME[extname(fileName).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      // Always a download: an exported HTML file is never rendered in the app's origin.
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
    });
    createReadStream(resolved.file).pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);

    const host = req.headers.host ?? '';
    if (!allowedHosts().includes(host.toLowerCase())) {
      refuse(res, 421, 'bad_host', 'This server only answers on its loopback address.');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().some((h) => origin.toLowerCase() === `http://${h}`)) {
      refuse(res, 403, 'bad_origin', 'Cross-origin requests are refused.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    const given =
      url.searchParams.get('token') ??
      (req.headers['x-casebook-token'] as string | undefined) ??
      cookieValue(req.headers.cookie, cookieName);
    if (!given || !sameSecret(given, token)) {
      refuse(res, 401, 'unauthorized', 'Open Casebook with the URL it printed (it carries the access token).');
      return;
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the address bar for a cookie, then drop it from the URL.
      res.setHeader('Set-Cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(303, { Location: url.pathname });
      res.end();
      return;
    }

    if (url.pathname === '/api/events' && req.method === 'GET') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const unsubscribe = options.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
      req.on('close', unsubscribe);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        refuse(res, 405, 'method_not_allowed', 'Use POST for API calls.');
        return;
      }
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        refuse(res, 400, 'invalid_input', 'The request body is not valid JSON or is too large.');
        return;
      }
      const result = await options.router(url.pathname.slice('/api/'.length), input);
      send(res, result.ok ? 200 : (STATUS_OF[result.error.code] ?? 422), result);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'method_not_allowed', 'Static files are read-only.');
      return;
    }
    if (url.pathname.startsWith('/exports/')) {
      serveExport(url.pathname.slice('/exports/'.length), res);
      return;
    }
    serveStatic(url.pathname, res);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) refuse(res, 500, 'internal', 'Internal error.');
      else res.end();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  cookieName = `casebook_token_${port}`;
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
