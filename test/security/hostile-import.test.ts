import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../../src-main/api/session';
import type { ImportResult } from '../../src-main/core/sources/types';
import {
  fontMatrixPdf,
  hostileFiles,
  hostileHtml,
  hostileUriList,
  loadPayloads,
  pointedAt,
  type HostileFile,
} from '../support/hostile';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

/*
 * Every importer, fed the hostile corpus, in the real pipeline (worker
 * threads). Nothing in it may run in Node or reach the network: the payloads'
 * attacker is a local listener that counts what it is asked for, and the PDF
 * font exploit writes a marker file if its code runs. What the page then does
 * with the imported sources is test/e2e/hostile.test.ts.
 */

const tempDir = useTempDirs();
const hits: string[] = [];
let canary: Server;
let attacker: string;
let session: Session;
const marker = join(tmpdir(), `casebook-pwned-${process.pid}-${Date.now()}`);
/** What the font exploit runs: Node's fs from a worker thread, no import needed. */
const nodePayload = `process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'pwned')`;

beforeAll(async () => {
  canary = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<script>alert(1)</script>');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  attacker = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
  session = openSession(join(tempDir(), 'hostile.casebook'), join(REPO_ROOT, 'resources'));
});

afterAll(async () => {
  await session?.close();
  await new Promise<void>((resolve) => canary.close(() => resolve()));
  rmSync(marker, { force: true });
});

async function call<T>(method: string, input: unknown): Promise<T> {
  const result = await session.router(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** What an import may end as: a source, or a refusal with a reason (never an internal error). */
function expectHandled(results: ImportResult[], files: string[]): void {
  expect(results).toHaveLength(files.length);
  for (const [i, r] of results.entries()) {
    expect(['imported', 'duplicate', 'failed'], files[i]).toContain(r.status);
    if (r.status === 'failed') expect(r.error?.code, `${files[i]}: ${r.error?.message}`).not.toBe('internal');
  }
}

describe('the hostile corpus', () => {
  it('has at least 50 payloads, each with a reference', () => {
    const payloads = loadPayloads();
    expect(payloads.length).toBeGreaterThanOrEqual(50);
    for (const p of payloads) expect(p.reference.length, p.id).toBeGreaterThan(3);
    // Each kind of attack the issue names is in it.
    const ids = payloads.map((p) => p.id).join(' ');
    for (const kind of [
      'script',
      'onerror',
      'javascript',
      'data',
      'svg',
      'mathml',
      'iframe',
      'srcdoc',
      'mxss',
      'joplin',
      'marktext',
      'embed',
    ]) {
      expect(ids, kind).toContain(kind);
    }
  });

  it('is really pointed at the local listener in this test', () => {
    const html = hostileHtml(pointedAt(loadPayloads(), attacker).find((p) => p.id === 'img-tracking-pixel')!);
    expect(html).toContain(`${attacker}/img-tracking-pixel.gif`);
    expect(html).not.toContain('attacker.example');
  });
});

describe('importing hostile files', () => {
  let files: HostileFile[];
  let results: ImportResult[];

  beforeAll(async () => {
    files = await hostileFiles(pointedAt(loadPayloads(), attacker), nodePayload);
    const batch = await call<{ results: ImportResult[] }>('sources.importFiles', {
      files: files.map((f) => ({ name: f.name, dataBase64: base64(f.bytes) })),
    });
    results = batch.results;
  }, 120_000);

  it('imports every file as data, or refuses it with a reason', () => {
    expectHandled(
      results,
      files.map((f) => f.name),
    );
    const imported = results.filter((r) => r.status === 'imported').length;
    // Hostile markup is still an article: nearly every file becomes a source.
    expect(imported).toBeGreaterThan(files.length * 0.9);
  });

  it('keeps only http(s) URLs as a source URL, whatever the page claimed', async () => {
    for (const r of results) {
      if (r.status !== 'imported') continue;
      const source = await call<{ url: string | null; title: string }>('sources.get', { sourceId: r.sourceId });
      if (source.url !== null) expect(new URL(source.url).protocol, `${r.file}: ${source.url}`).toMatch(/^https?:$/);
    }
  });

  it('extracts the font-exploit PDF as text without running its code', async () => {
    const pdf = results.find((r) => r.file === 'hostile-font-matrix.pdf')!;
    expect(pdf.status).toBe('imported');
    const source = await call<{ text: string }>('sources.get', { sourceId: pdf.sourceId });
    expect(source.text).toContain('never draws the glyphs');
    expect(existsSync(marker)).toBe(false);
  });

  it('imports dropped hostile HTML, text and links', async () => {
    const payloads = pointedAt(loadPayloads(), attacker);
    const dropped: ImportResult[] = [];
    for (const p of payloads) {
      const batch = await call<{ results: ImportResult[] }>('sources.importDropped', {
        html: `<meta charset="utf-8"><div>${p.body}</div><p>Dropped from a page carrying ${p.id}.</p>`,
        text: p.body,
        uriList: hostileUriList().replaceAll('https://attacker.example', attacker),
      });
      dropped.push(...batch.results);
    }
    expectHandled(
      dropped,
      payloads.map((p) => p.id),
    );
    for (const r of dropped) {
      if (r.status !== 'imported') continue;
      const { url } = await call<{ url: string | null }>('sources.get', { sourceId: r.sourceId });
      // The only http(s) link in the list is the attacker's, offered as the page's address: data, not a request.
      if (url !== null) expect(url.startsWith(attacker)).toBe(true);
    }
  }, 120_000);

  it('made no request to the attacker and ran no code in Node', () => {
    expect(hits).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('controls', () => {
  it('the listener would have seen a request', async () => {
    const before = hits.length;
    await fetch(`${attacker}/control`);
    expect(hits.slice(before)).toEqual(['GET /control']);
    hits.splice(before);
  });

  it('the font matrix carries working code: pasted into a call as pdf.js < 4.2.67 did, it runs', () => {
    const control = join(tempDir(), 'control-marker');
    const pdf = Buffer.from(
      fontMatrixPdf(`process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(control)}, 'pwned')`),
    ).toString('latin1');
    const hex = /\/FontMatrix \[1 0 0 1 0 <([0-9A-F]+)>\]/.exec(pdf)![1]!;
    const matrix = [1, 0, 0, 1, 0, Buffer.from(hex, 'hex').toString('latin1')];
    // The vulnerable code: `js += "c.transform(" + args.join(",") + ");\n"`, compiled with new Function.
    const glyph = new Function('c', 'size', `c.transform(${matrix.join(',')});`);
    glyph({ transform: () => undefined }, 1);
    expect(existsSync(control)).toBe(true);
  });
});
