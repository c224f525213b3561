import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import {
  createEntity,
  deleteEntity,
  findEntityByName,
  getEntity,
  listEntities,
  liveEntityNames,
  lookupEntities,
  mergeEntities,
  restoreEntity,
  updateEntity,
  type EntityListQuery,
} from '../../../src-main/core/entities/repository';
import { CasebookError } from '../../../src-main/core/errors';
import { createPassage, deletePassage, getPassage } from '../../../src-main/core/passages/repository';
import { seedSources } from '../../support/seed';
import { useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();
let nb: Notebook;
beforeEach(() => {
  nb = openNotebook(join(tempDir(), 'e.casebook'));
  seedSources(nb.db, 3, (i) => ({
    title: `Source ${i}`,
    text: `Article ${i}. Jürgen Müller met Tariq Fatemi in Moscow. Müller and Fatemi spoke of the SCO.`,
    publishedAt: `2025-0${i}-01`,
  }));
});
afterEach(() => nb.close());

const invalid = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CasebookError);
    expect((err as CasebookError).code).toBe('invalid_input');
    return (err as CasebookError).message;
  }
  throw new Error('expected invalid_input');
};

/** Links the first occurrence of `quote` in a source to the entities. */
function mark(sourceId: number, quote: string, entityIds: number[]): number {
  const text = `Article ${sourceId}. Jürgen Müller met Tariq Fatemi in Moscow. Müller and Fatemi spoke of the SCO.`;
  const start = text.indexOf(quote);
  return createPassage(nb.db, { sourceId, start, end: start + quote.length, entityIds }).passageId;
}

const list = (q: Partial<EntityListQuery> = {}): string[] =>
  listEntities(nb.db, { offset: 0, limit: 100, ...q }).items.map((e) => e.name);

describe('creating and editing entities', () => {
  it('cleans the name, drops repeated aliases (whatever their case) and the name itself', () => {
    const e = createEntity(nb.db, {
      type: 'Organization',
      name: '  Shanghai   Cooperation Organization ',
      aliases: ['SCO', ' sco ', 'shanghai cooperation organization', '', 'ШОС', 'Shanghai Pact'],
      description: ' A Eurasian organisation. ',
    });
    expect(e).toMatchObject({
      type: 'Organization',
      name: 'Shanghai Cooperation Organization',
      aliases: ['SCO', 'ШОС', 'Shanghai Pact'],
      description: 'A Eurasian organisation.',
      dateStart: null,
      dateEnd: null,
      deletedAt: null,
    });
    expect(getEntity(nb.db, e.entityId)).toEqual(e);
  });

  it('gives dates to events only: a day, or a range that does not end before it starts', () => {
    expect(
      createEntity(nb.db, { type: 'Event', name: 'INNOPROM 2025', dateStart: '2025-07-07', dateEnd: '2025-07-10' }),
    ).toMatchObject({ dateStart: '2025-07-07', dateEnd: '2025-07-10' });
    expect(
      createEntity(nb.db, { type: 'Event', name: 'Meeting', dateStart: '2025-07-10', dateEnd: '2025-07-10' }),
    ).toMatchObject({ dateStart: '2025-07-10', dateEnd: null });
    expect(invalid(() => createEntity(nb.db, { type: 'Person', name: 'Putin', dateStart: '2025-01-01' }))).toBe(
      'Only events have dates; a person does not.',
    );
    expect(
      invalid(() => createEntity(nb.db, { type: 'Event', name: 'X', dateStart: '2025-07-10', dateEnd: '2025-07-01' })),
    ).toMatch(/cannot end \(2025-07-01\) before it starts/);
    invalid(() => createEntity(nb.db, { type: 'Event', name: 'X', dateEnd: '2025-07-01' }));
    invalid(() => createEntity(nb.db, { type: 'Event', name: 'X', dateStart: '2025-02-30' }));
    invalid(() => createEntity(nb.db, { type: 'Person', name: '   ' }));
    invalid(() => createEntity(nb.db, { type: 'Thing' as 'Other', name: 'X' }));
  });

  it('renames everywhere at once, because passages hold ids', () => {
    const e = createEntity(nb.db, { type: 'Person', name: 'Tariq Fatemi', aliases: ['Fatemi', 'SAPM Fatemi'] });
    const passageId = mark(1, 'Tariq Fatemi', [e.entityId]);
    const renamed = updateEntity(nb.db, e.entityId, { name: 'fatemi' });
    // The new name is no longer also an alias.
    expect(renamed).toMatchObject({ name: 'fatemi', aliases: ['SAPM Fatemi'] });
    expect(getPassage(nb.db, passageId).entities.map((x) => x.name)).toEqual(['fatemi']);
    expect(updateEntity(nb.db, e.entityId, { aliases: ['Tariq', 'tariq', 'FATEMI'] }).aliases).toEqual(['Tariq']);
  });

  it('drops an event’s dates when it becomes another type, and refuses dates set on a non-event', () => {
    const e = createEntity(nb.db, { type: 'Event', name: 'SCO summit', dateStart: '2024-10-15' });
    expect(updateEntity(nb.db, e.entityId, { type: 'Other' })).toMatchObject({ dateStart: null, dateEnd: null });
    invalid(() => updateEntity(nb.db, e.entityId, { dateStart: '2024-10-15' }));
    expect(
      updateEntity(nb.db, e.entityId, { type: 'Event', dateStart: '2024-10-15', dateEnd: '2024-10-16' }),
    ).toMatchObject({ dateStart: '2024-10-15', dateEnd: '2024-10-16' });
  });

  it('says which entity is missing', () => {
    expect(() => getEntity(nb.db, 77)).toThrow('There is no entity 77 in this notebook.');
    expect(() => updateEntity(nb.db, 77, { name: 'x' })).toThrow(/no entity 77/);
  });
});

describe('the trash', () => {
  it('hides a deleted entity from lists, lookups, names and passages until it is restored, links intact', () => {
    const e = createEntity(nb.db, { type: 'Place', name: 'Moscow' });
    const passageId = mark(1, 'Moscow', [e.entityId]);
    const deleted = deleteEntity(nb.db, e.entityId);
    expect(deleted.deletedAt).not.toBeNull();
    expect(list()).toEqual([]);
    expect(lookupEntities(nb.db, 'mosc')).toEqual([]);
    expect(liveEntityNames(nb.db)).toEqual([]);
    expect(findEntityByName(nb.db, 'Moscow')).toBeNull();
    expect(getPassage(nb.db, passageId).entities).toEqual([]);
    expect(listEntities(nb.db, { trash: true, offset: 0, limit: 10 }).items).toEqual([
      expect.objectContaining({ entityId: e.entityId, passages: 1, sources: 1 }),
    ]);
    invalid(() => createPassage(nb.db, { sourceId: 2, start: 0, end: 7, entityIds: [e.entityId] }));

    expect(restoreEntity(nb.db, e.entityId).deletedAt).toBeNull();
    expect(list()).toEqual(['Moscow']);
    expect(listEntities(nb.db, { trash: true, offset: 0, limit: 10 }).total).toBe(0);
    expect(getPassage(nb.db, passageId).entities.map((x) => x.entityId)).toEqual([e.entityId]);
  });
});

describe('the entity list', () => {
  let muller: number;
  let fatemi: number;
  let moscow: number;
  beforeEach(() => {
    muller = createEntity(nb.db, { type: 'Person', name: 'Jürgen Müller', description: 'An engineer' }).entityId;
    fatemi = createEntity(nb.db, { type: 'Person', name: 'Tariq Fatemi', aliases: ['SAPM'] }).entityId;
    moscow = createEntity(nb.db, { type: 'Place', name: 'Moscow' }).entityId;
    for (const s of [1, 2, 3]) mark(s, 'Tariq Fatemi', [fatemi]);
    mark(1, 'Fatemi spoke', [fatemi]);
    mark(1, 'Moscow', [moscow]);
    mark(2, 'Moscow', [moscow]);
    mark(1, 'Jürgen Müller', [muller]);
    mark(1, 'Müller and', [muller]);
    mark(1, 'SCO', [muller]);
  });

  it('counts live passages and their sources', () => {
    const items = listEntities(nb.db, { offset: 0, limit: 10 }).items;
    expect(items.map((e) => [e.name, e.passages, e.sources])).toEqual([
      ['Jürgen Müller', 3, 1],
      ['Moscow', 2, 2],
      ['Tariq Fatemi', 4, 3],
    ]);
    const gone = mark(3, 'Moscow', [moscow]);
    deletePassage(nb.db, gone);
    expect(listEntities(nb.db, { type: 'Place', offset: 0, limit: 10 }).items[0]).toMatchObject({
      passages: 2,
      sources: 2,
    });
  });

  it('sorts by name, passages, sources or last change, and filters by type', () => {
    expect(list({ sort: 'passages' })).toEqual(['Tariq Fatemi', 'Jürgen Müller', 'Moscow']);
    expect(list({ sort: 'sources' })).toEqual(['Tariq Fatemi', 'Moscow', 'Jürgen Müller']);
    updateEntity(nb.db, moscow, { description: 'Capital of Russia' });
    expect(list({ sort: 'updated' })[0]).toBe('Moscow');
    expect(list({ type: 'Person' })).toEqual(['Jürgen Müller', 'Tariq Fatemi']);
    const page = listEntities(nb.db, { offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 3, offset: 1, items: [{ name: 'Moscow' }] });
  });

  it('searches the starts of words of names, aliases and descriptions, whatever the case and accents', () => {
    expect(list({ query: 'MULL' })).toEqual(['Jürgen Müller']);
    expect(list({ query: 'jurgen mü' })).toEqual(['Jürgen Müller']);
    expect(list({ query: 'ller' })).toEqual([]);
    expect(list({ query: 'sapm' })).toEqual(['Tariq Fatemi']);
    expect(list({ query: 'engineer' })).toEqual(['Jürgen Müller']);
    expect(list({ query: 'fatemi', type: 'Place' })).toEqual([]);
    expect(list({ query: '"*' })).toEqual([]);
  });
});

describe('lookup (typeahead)', () => {
  it('matches names and aliases by word prefix, folding case and diacritics, best first', () => {
    const sharif = createEntity(nb.db, { type: 'Person', name: 'Shehbaz Sharif' });
    const sharifFamily = createEntity(nb.db, { type: 'Organization', name: 'Sharif family' });
    const sao = createEntity(nb.db, { type: 'Place', name: 'São Paulo', aliases: ['Sampa'] });
    const emir = createEntity(nb.db, { type: 'Person', name: 'Emir of Qatar', aliases: ['Sheikh Tamim'] });
    const names = (q: string): string[] => lookupEntities(nb.db, q).map((e) => e.name);

    expect(names('shar')).toEqual(['Sharif family', 'Shehbaz Sharif']);
    expect(names('SAO')).toEqual(['São Paulo']);
    expect(names('são pau')).toEqual(['São Paulo']);
    expect(names('samp')).toEqual(['São Paulo']);
    expect(names('sh')).toEqual(['Shehbaz Sharif', 'Sharif family', 'Emir of Qatar']);
    // Every word typed must be in the names, not in the description.
    createEntity(nb.db, { type: 'Person', name: 'Jürgen Müller' });
    createEntity(nb.db, { type: 'Person', name: 'Jürgen Schmidt', description: 'Works with Müller' });
    expect(names('jurgen mü')).toEqual(['Jürgen Müller']);
    expect(names('')).toEqual([]);
    expect(names('  ')).toEqual([]);
    expect(lookupEntities(nb.db, 'sh', 1)).toHaveLength(1);

    mergeEntities(nb.db, sharif.entityId, sharifFamily.entityId);
    deleteEntity(nb.db, sao.entityId);
    expect(names('sharif')).toEqual(['Shehbaz Sharif']);
    expect(names('sao')).toEqual([]);
    expect(names('tamim')).toEqual([emir.name]);
  });

  it('finds an entity by name or alias for the CLI, case-insensitively and in any script', () => {
    const sco = createEntity(nb.db, {
      type: 'Organization',
      name: 'Shanghai Cooperation Organization',
      aliases: ['ШОС'],
    });
    expect(findEntityByName(nb.db, 'shanghai cooperation organization')?.entityId).toBe(sco.entityId);
    expect(findEntityByName(nb.db, 'шос')?.entityId).toBe(sco.entityId);
    expect(findEntityByName(nb.db, 'SCO')).toBeNull();
    expect(findEntityByName(nb.db, 'Shanghai Cooperation Organization', 'Place')).toBeNull();
  });
});
