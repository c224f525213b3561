import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../../src-main/api/session';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { rawRequest } from '../support/http';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
let session: Session;
let server: WebServer;
let host: string;

beforeEach(async () => {
  const dir = tempDir();
  const staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Casebook</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the static root');
  session = openSession(join(dir, 'web.casebook'), join(REPO_ROOT, 'resources'));
  server = await startWebServer({ router: session.router, staticDir, subscribe: session.subscribe });
  host = `127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await server.close();
  await session.close();
});

const authed = (extra: Record<string, string> = {}): Record<string, string> => ({
  Host: host,
  'X-Casebook-Token': server.token,
  ...extra,
});

describe('browser-mode server', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('answers 401 to any request without the token, static files included', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/api/notebook.info', '/api/events']) {
      const method = path.startsWith('/api/notebook') ? 'POST' : 'GET';
      const res = await rawRequest(server.port, path, { method, headers: { Host: host } });
      expect(res.status, path).toBe(401);
      expect(res.body).not.toContain('Casebook</title>');
    }
    const wrong = await rawRequest(server.port, '/', { headers: { Host: host, 'X-Casebook-Token': 'x'.repeat(32) } });
    expect(wrong.status).toBe(401);
  });

  it('trades the token in the URL for a cookie and serves the app with a strict CSP', async () => {
    const first = await rawRequest(server.port, `/?token=${server.token}`, { headers: { Host: host } });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await rawRequest(server.port, '/', { headers: { Host: host, Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Casebook</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('rejects a foreign Host (DNS rebinding) even with the token', async () => {
    for (const bad of ['evil.example:' + server.port, '127.0.0.1:1', 'localhost.evil.example', '']) {
      const res = await rawRequest(server.port, '/', { headers: authed({ Host: bad }) });
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
    }
    const ok = await rawRequest(server.port, '/', { headers: authed({ Host: `localhost:${server.port}` }) });
    expect(ok.status).toBe(200);
  });

  it('rejects a foreign Origin', async () => {
    const res = await rawRequest(server.port, '/api/notebook.info', {
      method: 'POST',
      headers: authed({ Origin: 'http://evil.example', 'Content-Type': 'application/json' }),
      body: '{}',
    });
    expect(res.status).toBe(403);
    const same = await rawRequest(server.port, '/api/notebook.info', {
      method: 'POST',
      headers: authed({ Origin: `http://${host}` }),
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2fweb.casebook',
      '/assets%00.js',
      '/%E0%A4%A',
    ]) {
      const res = await rawRequest(server.port, path, { headers: authed() });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('outside the static root');
    }
  });

  it('turns bad API calls into typed errors', async () => {
    const call = (path: string, body: string, method = 'POST') =>
      rawRequest(server.port, path, { method, headers: authed({ 'Content-Type': 'application/json' }), body });
    const unknown = await call('/api/no.such', '{}');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({
      ok: false,
      error: { code: 'unknown_method', message: 'Unknown method "no.such".' },
    });
    const badJson = await call('/api/sources.list', '{not json');
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body).error.code).toBe('invalid_input');
    const invalid = await call('/api/sources.list', JSON.stringify({ offset: -1, limit: 10 }));
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error).toMatchObject({ code: 'invalid_input' });
    expect(invalid.body).not.toMatch(/at .*\.ts:\d+/);
    const get = await rawRequest(server.port, '/api/sources.list', { headers: authed() });
    expect(get.status).toBe(405);
  });

  it('listens on the loopback interface only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // nothing but loopback on this machine: nothing else to reach
    const reached = await fetch(`http://${external.address}:${server.port}/`, {
      signal: AbortSignal.timeout(2000),
    }).then(
      () => true,
      () => false,
    );
    expect(reached).toBe(false);
  });
});
