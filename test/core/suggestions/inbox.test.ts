import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import {
  createEntity,
  deleteEntity,
  getEntity,
  liveEntityNames,
  restoreEntity,
  updateEntity,
} from '../../../src-main/core/entities/repository';
import { passagesForSource } from '../../../src-main/core/passages/repository';
import {
  acceptAllSuggestions,
  acceptSuggestion,
  listSuggestions,
  rejectSuggestion,
  sourcesMentioning,
} from '../../../src-main/core/suggestions/repository';
import { loadNer } from '../../../src-main/core/suggestions/ner';
import { scan } from '../../../src-main/core/suggestions/scan';
import type { Suggestion } from '../../../src-main/core/suggestions/types';
import { CasebookError } from '../../../src-main/core/errors';
import { bytesOf, importInto } from '../../support/importing';
import { SAMPLE, useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();
const templateDir = mkdtempSync(join(tmpdir(), 'casebook-inbox-'));
let nb: Notebook;
let sample: number;
let second: number;
let unrelated: number;

const SECOND = `Pakistan and Russia signed a railway agreement on Monday.

Alexei Overchuk, the Russian deputy prime minister, said the Shanghai Cooperation Organization (SCO) would back the line. Overchuk spoke in Karachi.`;

let template: string;

// Importing runs worker threads: do it once, and give each test its own copy of the notebook.
beforeAll(async () => {
  template = join(templateDir, 'template.casebook');
  const t = openNotebook(template);
  const { results } = await importInto(t, [
    SAMPLE,
    bytesOf('second.txt', SECOND),
    bytesOf('unrelated.txt', 'A quiet week: the markets closed early and the weather held.'),
  ]);
  [sample, second, unrelated] = results.map((r) => r.sourceId!) as [number, number, number];
  t.close();
  await loadNer();
}, 120_000);

afterAll(() => rmSync(templateDir, { recursive: true, force: true }));

beforeEach(() => {
  const file = join(tempDir(), 'inbox.casebook');
  copyFileSync(template, file);
  nb = openNotebook(file);
});

afterEach(() => nb.close());

const pending = (filter: { sourceId?: number; entityId?: number } = {}): Suggestion[] =>
  listSuggestions(nb.db, { ...filter, status: 'pending' }, 0, 1000).items;
const textOf = (sourceId: number): string =>
  (nb.db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId) as { text: string }).text;
const counts = (): { entities: number; passages: number } => ({
  entities: (nb.db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n,
  passages: (nb.db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n,
});

describe('scanning a source', () => {
  it('proposes known names and new names, at exact offsets, and creates nothing by itself', async () => {
    const pakistan = createEntity(nb.db, { type: 'Place', name: 'Pakistan' });
    const before = counts();
    const { found } = await scan(nb.db, { sourceId: sample });
    expect(found).toBeGreaterThan(10);
    const items = pending({ sourceId: sample });
    expect(items.length).toBe(found);
    const text = textOf(sample);
    for (const s of items) {
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(s.sourceId).toBe(sample);
    }
    const known = items.filter((s) => s.entityId === pakistan.entityId);
    expect(known.length).toBeGreaterThan(5);
    expect(known.every((s) => s.text === 'Pakistan' && s.type === 'Place' && s.origin === 'name')).toBe(true);
    // A known name is never proposed again as a new one; the place inside a longer new name is not cut out of it.
    expect(items.some((s) => s.entityId === null && s.name === 'Pakistan')).toBe(false);
    expect(items.find((s) => s.name === 'Pakistan Steel Mills')).toMatchObject({
      entityId: null,
      type: 'Organization',
    });
    expect(items.find((s) => s.name === 'Alexei Overchuk')).toMatchObject({
      entityId: null,
      type: 'Person',
      origin: 'ner',
    });
    expect(counts()).toEqual(before);
  });

  it('adds nothing on a second scan and keeps the suggestions it has', async () => {
    await scan(nb.db, { sourceId: sample });
    const first = pending({ sourceId: sample }).map((s) => s.suggestionId);
    expect(await scan(nb.db, { sourceId: sample })).toEqual({ found: 0, sourceIds: [] });
    expect(pending({ sourceId: sample }).map((s) => s.suggestionId)).toEqual(first);
  });

  it('drops pending mentions of a name the entity no longer has, and hides a trashed entity’s', async () => {
    const e = createEntity(nb.db, { type: 'Place', name: 'Karachi', aliases: ['Islamabad'] });
    await scan(nb.db, { sourceId: sample });
    expect(pending({ entityId: e.entityId }).map((s) => s.text)).toContain('Islamabad');
    updateEntity(nb.db, e.entityId, { aliases: [] });
    await scan(nb.db, { sourceId: sample });
    expect(new Set(pending({ entityId: e.entityId }).map((s) => s.text))).toEqual(new Set(['Karachi']));
    deleteEntity(nb.db, e.entityId);
    expect(pending({ entityId: e.entityId })).toEqual([]);
    restoreEntity(nb.db, e.entityId);
    expect(pending({ entityId: e.entityId }).length).toBe(2);
  });

  it('finds an entity’s unlinked mentions across the library, reading only the sources that may mention it', async () => {
    const overchuk = createEntity(nb.db, { type: 'Person', name: 'Alexei Overchuk', aliases: ['Overchuk'] });
    const { found, sourceIds } = await scan(nb.db, { entityId: overchuk.entityId });
    expect(sourceIds.sort()).toEqual([sample, second].sort());
    const items = pending({ entityId: overchuk.entityId });
    expect(found).toBe(items.length);
    expect(items.map((s) => s.text)).toEqual([
      'Alexei Overchuk',
      'Overchuk',
      'Alexei Overchuk',
      'Alexei Overchuk',
      'Overchuk',
    ]);
    // Names only: no NER proposals come with it.
    expect(pending().every((s) => s.entityId === overchuk.entityId)).toBe(true);
    expect(pending({ sourceId: unrelated })).toEqual([]);
    // The full-text index picks the sources to read; a name it cannot split into words means all of them.
    expect(sourcesMentioning(nb.db, ['OVERCHUK'])).toEqual([sample, second]);
    expect(sourcesMentioning(nb.db, ['Nobody Atall'])).toEqual([]);
    expect(sourcesMentioning(nb.db, ['习近平'])).toEqual([sample, second, unrelated]);
  });

  it('refuses an unknown source or entity', async () => {
    await expect(scan(nb.db, { sourceId: 999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(scan(nb.db, { entityId: 999 })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('accepting', () => {
  it('makes a new proposal an entity (with its acronym as an alias), a passage and a link, in one go', async () => {
    await scan(nb.db, { sourceId: second });
    const sco = pending({ sourceId: second }).find(
      (s) => s.name === 'Shanghai Cooperation Organization' && s.text !== 'SCO',
    )!;
    const { passage, entityId, entityChanged } = acceptSuggestion(nb.db, sco.suggestionId);
    expect(entityChanged).toBe(true);
    expect(getEntity(nb.db, entityId)).toMatchObject({
      type: 'Organization',
      name: 'Shanghai Cooperation Organization',
      aliases: ['SCO'],
    });
    expect(passage).toMatchObject({ sourceId: second, start: sco.start, end: sco.end, exact: sco.text });
    expect(passage.entities.map((e) => e.entityId)).toEqual([entityId]);
    // The acronym now waits as a mention of the new entity.
    expect(pending({ sourceId: second }).find((s) => s.text === 'SCO')).toMatchObject({ entityId, name: sco.name });
    expect(listSuggestions(nb.db, { status: 'accepted' }, 0, 10).items.map((s) => s.suggestionId)).toEqual([
      sco.suggestionId,
    ]);
    // A re-scan does not propose the linked mention again, and finds the others by their known names.
    await scan(nb.db, { sourceId: second });
    const again = pending({ sourceId: second });
    expect(again.some((s) => s.start === sco.start && s.end === sco.end)).toBe(false);
    expect(again.find((s) => s.text === 'SCO')?.entityId).toBe(entityId);
  });

  it('turns the same proposal in other sources into mentions of the entity just made', async () => {
    await scan(nb.db, { sourceId: sample });
    await scan(nb.db, { sourceId: second });
    const first = pending({ sourceId: second }).find((s) => s.name === 'Alexei Overchuk')!;
    const { entityId } = acceptSuggestion(nb.db, first.suggestionId);
    const inSample = pending({ sourceId: sample }).filter((s) => s.name === 'Alexei Overchuk');
    expect(inSample.length).toBeGreaterThan(1);
    expect(inSample.every((s) => s.entityId === entityId)).toBe(true);
    expect(getEntity(nb.db, entityId).aliases).toEqual(['Overchuk']);
  });

  it('links to the entity the analyst picks, or creates one under the name and type given', async () => {
    await scan(nb.db, { sourceId: sample });
    const russia = createEntity(nb.db, { type: 'Place', name: 'Russian Federation' });
    const items = pending({ sourceId: sample });
    const r = items.find((s) => s.text === 'Russia' && s.entityId === null)!;
    expect(acceptSuggestion(nb.db, r.suggestionId, { entityId: russia.entityId }).passage.entities).toEqual([
      expect.objectContaining({ entityId: russia.entityId }),
    ]);
    // Picking an entity does not teach it the text as an alias.
    expect(getEntity(nb.db, russia.entityId).aliases).toEqual([]);
    const innoprom = items.find((s) => s.text === 'INNOPROM')!;
    const { entityId } = acceptSuggestion(nb.db, innoprom.suggestionId, { name: 'Innoprom trade fair', type: 'Event' });
    expect(getEntity(nb.db, entityId)).toMatchObject({
      name: 'Innoprom trade fair',
      type: 'Event',
      aliases: ['INNOPROM'],
    });
  });

  it('adds a link to a passage already at that span instead of making a twin', async () => {
    const a = createEntity(nb.db, { type: 'Person', name: 'Shehbaz Sharif' });
    await scan(nb.db, { sourceId: sample });
    const s = pending({ entityId: a.entityId })[0]!;
    const b = createEntity(nb.db, { type: 'Person', name: 'Sharif family', aliases: ['Shehbaz Sharif'] });
    await scan(nb.db, { sourceId: sample });
    const t = pending({ entityId: b.entityId }).find((x) => x.start === s.start)!;
    acceptSuggestion(nb.db, s.suggestionId);
    const { passage } = acceptSuggestion(nb.db, t.suggestionId);
    expect(passage.entities.map((e) => e.entityId).sort()).toEqual([a.entityId, b.entityId].sort());
    expect(passagesForSource(nb.db, sample)).toHaveLength(1);
  });

  it('accepts every mention of an entity in one source, or in the whole notebook', async () => {
    const pakistan = createEntity(nb.db, { type: 'Place', name: 'Pakistan' });
    await scan(nb.db, {});
    const inSample = pending({ sourceId: sample, entityId: pakistan.entityId }).length;
    const inSecond = pending({ sourceId: second, entityId: pakistan.entityId }).length;
    expect(inSample).toBeGreaterThan(1);
    expect(inSecond).toBe(1);
    expect(acceptAllSuggestions(nb.db, pakistan.entityId, sample)).toMatchObject({
      accepted: inSample,
      sourceIds: [sample],
    });
    expect(pending({ entityId: pakistan.entityId }).map((s) => s.sourceId)).toEqual([second]);
    expect(acceptAllSuggestions(nb.db, pakistan.entityId)).toMatchObject({ accepted: 1, sourceIds: [second] });
    expect(passagesForSource(nb.db, sample)).toHaveLength(inSample);
    await scan(nb.db, {});
    expect(pending({ entityId: pakistan.entityId })).toEqual([]);
  });

  it('refuses what is no longer pending, unknown ids and trashed entities', async () => {
    const e = createEntity(nb.db, { type: 'Place', name: 'Karachi' });
    await scan(nb.db, { sourceId: sample });
    const [s, t] = pending({ entityId: e.entityId });
    acceptSuggestion(nb.db, s!.suggestionId);
    expect(() => acceptSuggestion(nb.db, s!.suggestionId)).toThrow(/already accepted/);
    expect(() => rejectSuggestion(nb.db, s!.suggestionId)).toThrow(CasebookError);
    expect(() => acceptSuggestion(nb.db, 99_999)).toThrow(/no suggestion 99999/);
    deleteEntity(nb.db, e.entityId);
    const before = counts();
    expect(() => acceptSuggestion(nb.db, t!.suggestionId)).toThrow(/trash/);
    expect(() => acceptAllSuggestions(nb.db, e.entityId)).toThrow(/trash/);
    expect(counts()).toEqual(before);
  });
});

describe('rejecting', () => {
  it('remembers the text for that entity, so no scan proposes it again', async () => {
    const e = createEntity(nb.db, { type: 'Place', name: 'Islamabad' });
    await scan(nb.db, {});
    const [first, ...others] = pending({ entityId: e.entityId });
    expect(others.length).toBeGreaterThan(0);
    const { sourceIds } = rejectSuggestion(nb.db, first!.suggestionId);
    expect(sourceIds).toEqual([sample]);
    expect(pending({ entityId: e.entityId })).toEqual([]);
    expect(listSuggestions(nb.db, { entityId: e.entityId, status: 'rejected' }, 0, 100).total).toBe(others.length + 1);
    await scan(nb.db, {});
    await scan(nb.db, { entityId: e.entityId });
    expect(pending({ entityId: e.entityId })).toEqual([]);
    // Another entity with the same name is still told about it.
    const other = createEntity(nb.db, { type: 'Organization', name: 'Islamabad', description: 'the government' });
    await scan(nb.db, { entityId: other.entityId });
    expect(pending({ entityId: other.entityId }).length).toBe(others.length + 1);
  });

  it('remembers a new proposal’s text for its type', async () => {
    await scan(nb.db, {});
    const tianjin = pending().find((s) => s.text === 'Tianjin' && s.entityId === null)!;
    expect(tianjin.type).toBe('Place');
    rejectSuggestion(nb.db, tianjin.suggestionId);
    await scan(nb.db, {});
    expect(pending().some((s) => s.text === 'Tianjin')).toBe(false);
    expect(liveEntityNames(nb.db)).toEqual([]);
  });
});
