import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS, type CallResult, type Input, type Method } from '../../src-main/api/contract';
import { openSession, type Session } from '../../src-main/api/session';
import { listSources } from '../../src-main/core/sources/repository';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { rawRequest } from '../support/http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO_ROOT, SAMPLE } from '../support/tmp';

/** A valid input for every method: adding a method without one fails the typecheck. */
const EXAMPLES: { [M in Method]: Input<M> } = {
  'notebook.info': {},
  'sources.list': { offset: 0, limit: 50 },
  'sources.get': { sourceId: 1 },
  'sources.importFiles': {
    files: [{ name: 'dropped.txt', dataBase64: Buffer.from('date 2024-05-01 Dropped text.').toString('base64') }],
  },
  'sources.importPaths': { paths: [SAMPLE], jobId: 'job-1' },
  'sources.importDropped': { text: 'A selection dragged in from a browser window.', uriList: 'https://example.org/a' },
  'imports.cancel': { jobId: 'no-such-job' },
  'imports.list': { limit: 10 },
  'imports.get': { reportId: 1 },
  'sources.update': { sourceId: 1, title: 'An edited title', publishedAt: '2025-07-12', url: null },
  'sources.original': { sourceId: 1 },
  'samples.importSample': {},
};

let session: Session;
let server: WebServer;
let dir: string;

beforeAll(async () => {
  // One session for the file: each call is checked against the notebook's state around it.
  dir = mkdtempSync(join(tmpdir(), 'casebook-contract-'));
  session = openSession(join(dir, 'c.casebook'), join(REPO_ROOT, 'resources'));
  await session.router('samples.importSample', {});
  server = await startWebServer({ router: session.router, staticDir: dir, subscribe: session.subscribe });
});

afterAll(async () => {
  await server.close();
  await session.close();
  rmSync(dir, { recursive: true, force: true });
});

async function overHttp(method: string, input: unknown): Promise<{ status: number; result: CallResult }> {
  const res = await rawRequest(server.port, `/api/${method}`, {
    method: 'POST',
    headers: { Host: `127.0.0.1:${server.port}`, 'X-Casebook-Token': server.token, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: res.status, result: JSON.parse(res.body) as CallResult };
}

describe('the contract over HTTP', () => {
  it.each(METHODS)('%s is reachable and answers a valid call', async (method) => {
    const { status, result } = await overHttp(method, EXAMPLES[method]);
    expect(result).toMatchObject({ ok: true });
    expect(status).toBe(200);
  });

  it.each(METHODS)('%s refuses invalid input with a typed error and changes nothing', async (method) => {
    const before = listSources(session.notebook().db, 0, 1).total;
    const { status, result } = await overHttp(method, { ...(EXAMPLES[method] as object), unexpected: true });
    expect(status).toBe(400);
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^Invalid input for /) },
    });
    const notObject = await overHttp(method, 'not an object');
    expect(notObject.result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(listSources(session.notebook().db, 0, 1).total).toBe(before);
  });

  it('reports a missing source as not_found', async () => {
    const { status, result } = await overHttp('sources.get', { sourceId: 999 });
    expect(status).toBe(404);
    expect(result).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no source 999 in this notebook.' },
    });
  });

  it('streams import progress as events', async () => {
    const seen: string[] = [];
    const off = session.subscribe((e) => seen.push(e.name));
    await overHttp('sources.importFiles', {
      files: [{ name: 'fresh.txt', dataBase64: Buffer.from('A text this notebook has not seen.').toString('base64') }],
    });
    off();
    expect(seen).toEqual(['import.progress', 'sources.changed']);
  });

  it('refuses an impossible date, a non-web URL and an empty title when editing a source', async () => {
    for (const bad of [
      { publishedAt: '2025-02-30' },
      { url: 'javascript:alert(1)' },
      { url: 'file:///etc/passwd' },
      { title: '  ' },
    ]) {
      const { result } = await overHttp('sources.update', { sourceId: 1, ...bad });
      expect(result, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});
