import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppHandler, serveApp } from '../../src-main/electron/protocol';
import { CONTENT_SECURITY_POLICY } from '../../src-main/web/static-files';
import { useTempDirs } from '../support/tmp';

describe('the casebook://app protocol', () => {
  const tempDir = useTempDirs();
  let handler: (request: Request) => Promise<Response>;

  beforeEach(() => {
    const dir = tempDir();
    const renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Casebook</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(renderer, 'assets', 'app.css'), 'body{}');
    // Beside the renderer folder: must never be reachable.
    writeFileSync(join(dir, 'secret.txt'), 'SECRET');
    writeFileSync(join(dir, 'renderer-secret.txt'), 'SECRET');
    // Links inside the renderer folder that lead out of it.
    symlinkSync(join(dir, 'secret.txt'), join(renderer, 'assets', 'linked.js'));
    symlinkSync(dir, join(renderer, 'up'));
    handler = createAppHandler(renderer);
  });

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves the built renderer with its content type', async () => {
    const index = await get('casebook://app/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>Casebook</title>');

    const js = await get('casebook://app/assets/app.js?v=1');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect((await get('casebook://app/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('sends the strict CSP on every response, errors included', async () => {
    for (const url of [
      'casebook://app/index.html',
      'casebook://app/missing.js',
      'casebook://app/..%2fsecret.txt',
      'casebook://other/index.html',
    ]) {
      const res = await get(url);
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
  });

  it('never serves files outside the renderer folder', async () => {
    for (const url of [
      'casebook://app/../secret.txt',
      'casebook://app/%2e%2e/secret.txt',
      'casebook://app/..%2fsecret.txt',
      'casebook://app/assets/..%2f..%2fsecret.txt',
      'casebook://app/%2e%2e%2fsecret.txt',
      'casebook://app/..%5csecret.txt',
      'casebook://app/assets%5c..%5c..%5csecret.txt',
      'casebook://app/%2fetc%2fpasswd',
      'casebook://app/..%2frenderer-secret.txt',
      'casebook://app/index.html%00.js',
      'casebook://app/%E0%A4%A',
      'casebook://app/assets',
      'casebook://app/assets/linked.js',
      'casebook://app/up/secret.txt',
      'casebook://app//etc/passwd',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text(), url).not.toContain('SECRET');
    }
  });

  it('answers only the app host and only reads', async () => {
    expect((await get('casebook://elsewhere/index.html')).status).toBe(404);
    expect((await get('casebook://app/index.html', 'POST')).status).toBe(405);
    expect((await get('casebook://app/index.html', 'DELETE')).status).toBe(405);
    const head = await get('casebook://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('registers the handler for the casebook scheme', () => {
    const calls: string[] = [];
    serveApp({ handle: (scheme: string) => void calls.push(scheme) }, tempDir());
    expect(calls).toEqual(['casebook']);
  });
});
