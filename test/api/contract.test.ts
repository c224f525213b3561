import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS, type CallResult, type Input, type Method } from '../../src-main/api/contract';
import { openSession, type Session } from '../../src-main/api/session';
import { createBackup } from '../../src-main/core/backup/backups';
import { listSources } from '../../src-main/core/sources/repository';
import { backgroundIdle } from '../../src-main/core/suggestions/scan';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { rawRequest } from '../support/http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO_ROOT, SAMPLE } from '../support/tmp';

/** A note that mentions entity 1 and links source 1 (Lexical JSON, as the editor saves it). */
const NOTE_CONTENT = JSON.stringify({
  root: {
    type: 'root',
    version: 1,
    children: [
      {
        type: 'paragraph',
        version: 1,
        children: [
          { type: 'text', version: 1, text: 'What the ministers said, per ' },
          { type: 'entity-mention', version: 1, entityId: 1 },
          { type: 'source-link', version: 1, sourceId: 1 },
        ],
      },
    ],
  },
});

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

  // ── passages (issue 4) ──
  // "A top Russian official" (the sample's first words), linked to a new entity: passage 1, entity 1.
  'passages.create': {
    sourceId: 1,
    start: 0,
    end: 22,
    comment: 'Overchuk, per the second paragraph',
    newEntities: [{ name: 'Alexei Overchuk', type: 'Person' }],
  },
  'passages.forSource': { sourceId: 1 },
  'passages.get': { passageId: 1 },
  'passages.update': { passageId: 1, comment: 'Deputy Prime Minister Overchuk' },
  'passages.link': { passageId: 1, newEntity: { name: 'Russia', type: 'Place' } }, // entity 2
  'passages.unlink': { passageId: 1, entityId: 2 },
  'passages.delete': { passageId: 1 },
  'passages.restore': { passageId: 1 },
  'passages.orphans': {},

  // ── entities (issue 4) ──
  'entities.create': {
    type: 'Organization',
    name: 'Shanghai Cooperation Organization',
    aliases: ['SCO'],
    description: 'A Eurasian political and security organisation.',
  }, // entity 3
  'entities.list': { query: 'shang', sort: 'passages', offset: 0, limit: 50 },
  'entities.lookup': { query: 'overch' },
  'entities.get': { entityId: 1 },
  'entities.update': { entityId: 1, aliases: ['Overchuk'], description: 'Russian Deputy Prime Minister' },
  'entities.delete': { entityId: 2 },
  'entities.restore': { entityId: 2 },
  'entities.merge': { survivorId: 3, mergedId: 2 },
  'entities.unmerge': { mergeId: 1 },
  'entities.merges': { entityId: 3 },
  'entities.markDistinct': { aId: 2, bId: 3 },
  'entities.mergeCandidates': { limit: 10 },
  'entities.profile': { entityId: 1 },

  // ── suggestions (issue 4) ──
  'suggestions.list': { sourceId: 1, offset: 0, limit: 50 },
  'suggestions.scan': { sourceId: 1 }, // now also finds entities 1-3 by name
  'suggestions.accept': { suggestionId: 1 }, // "Pakistan", proposed as a new place: entity 4
  'suggestions.reject': { suggestionId: 2 }, // "Moscow", as a new place
  'suggestions.acceptAll': { entityId: 1, sourceId: 1 }, // Alexei Overchuk's mentions in the sample

  // ── notes (issue 5) ──
  'notes.create': {},
  'notes.get': { noteId: 1 },
  'notes.list': { query: 'ministers', offset: 0, limit: 20 },
  'notes.save': { noteId: 1, revision: 1, content: NOTE_CONTENT },
  'notes.quotePassage': { noteId: 1, passageId: 1 },
  'notes.history': { noteId: 1 },
  'notes.version': { versionId: 1 },
  'notes.restoreVersion': { noteId: 1, versionId: 1 },
  'notes.backlinks': { target: 'source', id: 1 },
  'notes.resolve': { entityIds: [1], passageIds: [1], sourceIds: [1], noteIds: [1, 99] },
  'notes.linkTargets': { query: 'russ' },
  'notes.delete': { noteId: 1 },
  'notes.restore': { noteId: 1 },

  // ── search (issue 6) ──
  'search.query': { q: 'pakistan -"no such phrase"', kinds: ['source', 'passage'], from: '2025-01-01', limit: 10 },

  // ── dossiers (issue 7) ──
  'dossiers.create': { title: 'Russia and Pakistan', classification: 'INTERNAL', analyst: 'J. Analyst' }, // dossier 1
  'dossiers.fromEntity': { entityId: 1, classification: 'INTERNAL' }, // dossier 2, on Alexei Overchuk
  'dossiers.list': { query: 'overchuk' },
  'dossiers.get': { dossierId: 2 },
  'dossiers.save': { dossierId: 1, revision: 1, subjectEntityId: 1, content: NOTE_CONTENT },
  'dossiers.evidence': { entityId: 1, block: 'passages' },
  'dossiers.check': { dossierId: 2 },
  'dossiers.export': { dossierId: 2, format: 'md', jobId: 'export-1' },
  'dossiers.cancelExport': { jobId: 'no-such-export' },
  'dossiers.delete': { dossierId: 1 },
  'dossiers.restore': { dossierId: 1 },

  // ── backups (issue 8) ──
  'backups.list': {},
  'backups.create': {},
  'backups.settings': { keep: 5 },
  // Made in beforeAll, with the sample only: restoring it last leaves source 1 for the tests after.
  'backups.restore': { backupId: 'c.2025-01-01T00-00-00-000Z.manual.casebook-backup' },
};

let session: Session;
let server: WebServer;
let dir: string;

beforeAll(async () => {
  // One session for the file: each call is checked against the notebook's state around it.
  dir = mkdtempSync(join(tmpdir(), 'casebook-contract-'));
  session = openSession(join(dir, 'c.casebook'), join(REPO_ROOT, 'resources'));
  await session.router('samples.importSample', {});
  // The import's background scan numbers the sample's suggestions (1 "Pakistan", 2 "Moscow") before any entity exists.
  await backgroundIdle(session.notebook().db);
  await createBackup(session.notebook().db, session.notebook().file, 'manual', {
    now: new Date('2025-01-01T00:00:00Z'),
  });
  server = await startWebServer({ router: session.router, staticDir: dir, subscribe: session.subscribe });
}, 60_000);

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
