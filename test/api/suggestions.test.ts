import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CasebookEvent, Output } from '../../src-main/api/contract';
import { openSession, type Session } from '../../src-main/api/session';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const ARTICLE = `The Inter-American Development Bank (IDB) approved a loan to Chile on Friday.

Finance Minister Mario Marcel welcomed the decision in Santiago.`;

describe('suggestions through the contract', () => {
  it('scans newly imported sources in the background, then accepts and rejects', async () => {
    session = openSession(join(tempDir(), 'api.casebook'), join(REPO_ROOT, 'resources'));
    const s = session;
    const events: CasebookEvent[] = [];
    s.subscribe((e) => events.push(e));
    const scanned = new Promise<number>((resolve) =>
      s.subscribe((e) => e.name === 'suggestions.changed' && resolve((e.payload as { sourceId: number }).sourceId)),
    );
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const r = await s.router(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    };

    const batch = await call<Output<'sources.importFiles'>>('sources.importFiles', {
      files: [{ name: 'loan.txt', dataBase64: Buffer.from(ARTICLE).toString('base64') }],
    });
    const sourceId = batch.results[0]!.sourceId!;
    // The import returned before the scan: suggestions arrive with their own event.
    expect(await scanned).toBe(sourceId);

    const page = await call<Output<'suggestions.list'>>('suggestions.list', { sourceId, offset: 0, limit: 100 });
    const byText = new Map(page.items.map((x) => [x.text, x]));
    expect(byText.get('Mario Marcel')).toMatchObject({ type: 'Person', entityId: null, status: 'pending' });
    expect(byText.get('IDB')).toMatchObject({ type: 'Organization', name: 'Inter-American Development Bank' });
    expect(byText.get('Santiago')).toMatchObject({ type: 'Place' });

    events.length = 0;
    const accepted = await call<Output<'suggestions.accept'>>('suggestions.accept', {
      suggestionId: byText.get('Mario Marcel')!.suggestionId,
    });
    expect(accepted.passage).toMatchObject({ sourceId, exact: 'Mario Marcel' });
    expect(events.map((e) => e.name).sort()).toEqual(['entities.changed', 'passages.changed', 'suggestions.changed']);
    const entity = await call<Output<'entities.get'>>('entities.get', { entityId: accepted.entityId });
    expect(entity).toMatchObject({ name: 'Mario Marcel', type: 'Person' });

    await call('suggestions.reject', { suggestionId: byText.get('Santiago')!.suggestionId });
    expect(await call('suggestions.scan', { sourceId })).toEqual({ found: 0 });
    const after = await call<Output<'suggestions.list'>>('suggestions.list', { sourceId, offset: 0, limit: 100 });
    expect(after.items.map((x) => x.text)).not.toContain('Santiago');
    expect(after.items.map((x) => x.text)).not.toContain('Mario Marcel');
    const rejected = await call<Output<'suggestions.list'>>('suggestions.list', {
      status: 'rejected',
      offset: 0,
      limit: 100,
    });
    expect(rejected.items.map((x) => x.text)).toEqual(['Santiago']);

    const bad = await s.router('suggestions.accept', { suggestionId: 99_999 });
    expect(bad).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no suggestion 99999 in this notebook.' },
    });
  }, 120_000);
});
