import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
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
  mkdirSync(join(dir, 'private'));
  writeFileSync(join(dir, 'private', 'notes.txt'), 'outside the static root');
  // Links inside the served folder that lead out of it, to a file and to a folder.
  symlinkSync(join(dir, 'secret.txt'), join(staticDir, 'assets', 'linked.txt'));
  symlinkSync(join(dir, 'private'), join(staticDir, 'private-dir'));
  // A link that stays inside is an ordinary file.
  symlinkSync(join(staticDir, 'assets', 'app.js'), join(staticDir, 'alias.js'));
  // Dossier exports download from /exports/: the finished file, a hidden one still being written, a link out.
  const exportsDir = join(dir, 'Exports');
  mkdirSync(exportsDir);
  writeFileSync(join(exportsDir, 'Port report.html'), '<!doctype html><title>Port report</title>');
  writeFileSync(join(exportsDir, '.Port report.pdf.partial'), 'half written');
  symlinkSync(join(dir, 'secret.txt'), join(exportsDir, 'linked.html'));
  session = openSession(join(dir, 'web.casebook'), join(REPO_ROOT, 'resources'));
  server = await startWebServer({
    router: session.router,
    staticDir,
    subscribe: session.subscribe,
    exportsDir: () => exportsDir,
  });
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

  it('never follows a symbolic link out of the renderer folder', async () => {
    for (const path of ['/assets/linked.txt', '/private-dir/notes.txt', '/private-dir/', '/private-dir']) {
      const res = await rawRequest(server.port, path, { headers: authed() });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('outside the static root');
    }
    const inside = await rawRequest(server.port, '/alias.js', { headers: authed() });
    expect(inside.status).toBe(200);
    expect(inside.body).toBe('console.log(1)');
  });

  it('reads absolute and backslashed paths inside the renderer folder, never from the root of the disk', async () => {
    for (const path of [
      '//etc/passwd',
      '/%2Fetc%2Fpasswd',
      '/C:/Windows/win.ini',
      '/C:%5CWindows%5Cwin.ini',
      '/\\..\\secret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%252e%252e/secret.txt',
      '/..%c0%afsecret.txt',
      `/${'../'.repeat(20)}etc/passwd`,
    ]) {
      const res = await rawRequest(server.port, path, { headers: authed() });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toMatch(/outside the static root|root:x:0:0/);
    }
  });

  it('serves an export only as a download, only with the token, and nothing beside it', async () => {
    const ok = await rawRequest(server.port, '/exports/Port%20report.html', { headers: authed() });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-disposition']).toMatch(/^attachment;/);
    expect(ok.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect((await rawRequest(server.port, '/exports/Port%20report.html', { headers: { Host: host } })).status).toBe(
      401,
    );
    for (const path of [
      '/exports/.Port%20report.pdf.partial',
      '/exports/linked.html',
      '/exports/..%2fsecret.txt',
      '/exports/..%5csecret.txt',
      '/exports/%2e%2e%2fsecret.txt',
      '/exports/%2Fetc%2Fpasswd',
      '/exports/..%2fweb.casebook',
      '/exports/',
      '/exports/%E0%A4%A',
    ]) {
      const res = await rawRequest(server.port, path, { headers: authed() });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toMatch(/outside the static root|half written|SQLite format/);
    }
  });

  it('checks the token on the API and on the event stream, wherever it comes from', async () => {
    const cookie = (value: string) => `casebook_token_${server.port}=${value}`;
    const wrong = 'A'.repeat(server.token.length);
    const attempts: Array<[string, string, Record<string, string>]> = [
      ['POST', '/api/notebook.info', { Host: host }],
      ['POST', '/api/notebook.info', { Host: host, 'X-Casebook-Token': wrong }],
      ['POST', '/api/notebook.info', { Host: host, 'X-Casebook-Token': server.token.slice(1) }],
      ['POST', '/api/notebook.info', { Host: host, 'X-Casebook-Token': '' }],
      ['POST', '/api/notebook.info', { Host: host, Cookie: cookie(wrong) }],
      // Another port's cookie: another Casebook server on this machine.
      ['POST', '/api/notebook.info', { Host: host, Cookie: `casebook_token_1=${server.token}` }],
      ['POST', `/api/notebook.info?token=${wrong}`, { Host: host }],
      ['GET', '/api/events', { Host: host }],
      ['GET', '/api/events', { Host: host, 'X-Casebook-Token': wrong }],
      ['GET', '/api/events', { Host: host, Cookie: cookie(wrong) }],
      ['GET', `/api/events?token=${wrong}`, { Host: host }],
    ];
    for (const [method, path, headers] of attempts) {
      const res = await rawRequest(server.port, path, { method, headers, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
      expect(res.body).not.toMatch(/sourceCount|: connected/);
    }
    const ok = await rawRequest(server.port, '/api/notebook.info', {
      method: 'POST',
      headers: { Host: host, Cookie: cookie(server.token) },
      body: '{}',
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { sourceCount: 0 } });
  });

  it('opens the event stream only with the token, from its own origin', async () => {
    const open = (headers: Record<string, string>): Promise<{ status: number; first: string }> =>
      new Promise((resolveOpen, reject) => {
        const req = request(
          { host: '127.0.0.1', port: server.port, path: '/api/events', headers, setHost: false },
          (res) => {
            res.once('data', (chunk: Buffer) => {
              resolveOpen({ status: res.statusCode ?? 0, first: chunk.toString('utf8') });
              req.destroy();
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    const streaming = await open(authed());
    expect(streaming.status).toBe(200);
    expect(streaming.first).toContain(': connected');
    for (const headers of [
      authed({ Origin: 'http://evil.example' }),
      authed({ Origin: 'null' }),
      authed({ Host: 'evil.example' }),
    ]) {
      const refused = await open(headers);
      expect(refused.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(refused.first).not.toContain(': connected');
    }
  });

  it('refuses look-alike hosts and origins', async () => {
    const port = server.port;
    for (const bad of [
      'evil.com',
      `evil.com:${port}`,
      `127.0.0.1.evil.com:${port}`,
      `localhost.evil.com:${port}`,
      `127.0.0.1:${port}.evil.com`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `0.0.0.0:${port}`,
      `[::1]:${port}`,
      `127.0.0.2:${port}`,
      `user@127.0.0.1:${port}`,
    ]) {
      const res = await rawRequest(server.port, '/api/notebook.info', {
        method: 'POST',
        headers: authed({ Host: bad }),
        body: '{}',
      });
      expect(res.status, bad).toBe(421);
    }
    for (const bad of [
      'null',
      'http://evil.com',
      `http://evil.com:${port}`,
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
      `http://127.0.0.1:${port}.evil.com`,
      `http://localhost.evil.com:${port}`,
      `file://`,
      `chrome-extension://abcdefghijklmnop`,
    ]) {
      const res = await rawRequest(server.port, '/api/samples.importSample', {
        method: 'POST',
        headers: authed({ Origin: bad }),
        body: '{}',
      });
      expect(res.status, bad).toBe(403);
    }
    // Nothing the refused calls asked for happened.
    const info = await rawRequest(server.port, '/api/notebook.info', { method: 'POST', headers: authed(), body: '{}' });
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { sourceCount: 0 } });
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
