import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import {
  createEntity,
  deleteEntity,
  getEntity,
  listEntities,
  listMerges,
  liveEntityNames,
  markDistinct,
  mergeCandidates,
  mergeEntities,
  unmergeEntities,
  updateEntity,
} from '../../../src-main/core/entities/repository';
import { createPassage, getPassage } from '../../../src-main/core/passages/repository';
import { seedSources } from '../../support/seed';
import { useTempDirs } from '../../support/tmp';

const TEXT = 'The Shanghai Cooperation Organization (SCO) met in Tianjin. The SCO summit ended.';

const tempDir = useTempDirs();
let nb: Notebook;
beforeEach(() => {
  nb = openNotebook(join(tempDir(), 'm.casebook'));
  seedSources(nb.db, 3, (i) => ({ title: `Source ${i}`, text: `${i}. ${TEXT}` }));
});
afterEach(() => nb.close());

function mark(sourceId: number, quote: string, entityIds: number[], nth = 0): number {
  const text = `${sourceId}. ${TEXT}`;
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(quote, start + 1);
  return createPassage(nb.db, { sourceId, start, end: start + quote.length, entityIds }).passageId;
}

/** Everything a merge may touch, as rows, to compare before and after an undo. */
function snapshot(): Record<string, unknown[]> {
  const all = (sql: string): unknown[] => nb.db.prepare(sql).all();
  return {
    entities: all('SELECT * FROM entities ORDER BY id'),
    aliases: all('SELECT * FROM entity_aliases ORDER BY id'),
    links: all('SELECT * FROM passage_entities ORDER BY passage_id, entity_id'),
    suggestions: all('SELECT * FROM suggestions ORDER BY id'),
    rejections: all('SELECT * FROM suggestion_rejections ORDER BY id'),
    refs: all('SELECT * FROM refs ORDER BY owner_kind, owner_id, target_kind, target_id'),
    counts: all('SELECT * FROM entity_sources ORDER BY entity_id, source_id'),
    fts: all(`SELECT rowid FROM entities_fts WHERE entities_fts MATCH 'sco' ORDER BY rowid`),
  };
}

function addSuggestion(sourceId: number, entityId: number, start: number, status = 'pending'): void {
  nb.db
    .prepare(
      `INSERT INTO suggestions (source_id, start, "end", exact, entity_id, origin, status, created_at)
       VALUES (?, ?, ?, 'SCO', ?, 'name', ?, '2025-01-01T00:00:00.000Z')`,
    )
    .run(sourceId, start, start + 3, entityId, status);
}

function addNoteMentioning(...entityIds: number[]): number {
  const { lastInsertRowid } = nb.db
    .prepare(`INSERT INTO notes (title, content, created_at, updated_at) VALUES ('A note', '{}', 'x', 'x')`)
    .run();
  for (const id of entityIds)
    nb.db
      .prepare(`INSERT INTO refs (owner_kind, owner_id, target_kind, target_id) VALUES ('note', ?, 'entity', ?)`)
      .run(lastInsertRowid, id);
  return Number(lastInsertRowid);
}

describe('merging entities', () => {
  let org: number;
  let sco: number;
  beforeEach(() => {
    org = createEntity(nb.db, {
      type: 'Organization',
      name: 'Shanghai Cooperation Organization',
      aliases: ['Shanghai Pact'],
    }).entityId;
    sco = createEntity(nb.db, { type: 'Organization', name: 'SCO', aliases: ['shanghai pact', 'ШОС'] }).entityId;
  });

  it('moves names, links, suggestions and note mentions to the survivor, and undoes exactly', () => {
    const onlyOrg = mark(1, 'Shanghai Cooperation Organization', [org]);
    const onlySco = mark(1, 'SCO', [sco], 1);
    // One passage linked to both: after the merge it is linked once, to the survivor.
    const both = mark(2, 'Shanghai Cooperation Organization (SCO)', [org, sco]);
    mark(3, 'SCO', [sco]);
    nb.db.prepare(`UPDATE passage_entities SET role = 'host' WHERE passage_id = ? AND entity_id = ?`).run(both, sco);
    addSuggestion(1, sco, 65); // the survivor has the same pending mention: dropped, then restored by the undo
    addSuggestion(1, org, 65);
    addSuggestion(2, sco, 65);
    addSuggestion(3, sco, 65, 'rejected');
    nb.db
      .prepare(
        `INSERT INTO suggestion_rejections (entity_id, text_key, created_at)
         VALUES (@sco, 'sco', 'x'), (@org, 'sco', 'x'), (@sco, 'karachi', 'x')`,
      )
      .run({ sco, org });
    const noteBoth = addNoteMentioning(org, sco);
    const noteSco = addNoteMentioning(sco);
    const before = snapshot();

    const record = mergeEntities(nb.db, org, sco);
    expect(record).toMatchObject({ survivorId: org, mergedId: sco, undoneAt: null });

    expect(getEntity(nb.db, org).aliases).toEqual(['Shanghai Pact', 'SCO', 'ШОС']);
    expect(listEntities(nb.db, { offset: 0, limit: 10 }).items).toEqual([
      expect.objectContaining({ entityId: org, passages: 4, sources: 3 }),
    ]);
    expect(liveEntityNames(nb.db).map((e) => e.entityId)).toEqual([org]);
    for (const p of [onlyOrg, onlySco, both])
      expect(
        getPassage(nb.db, p).entities.map((e) => e.entityId),
        `passage ${p}`,
      ).toEqual([org]);
    const links = nb.db.prepare('SELECT count(*) AS n FROM passage_entities WHERE entity_id = ?');
    expect(links.get(sco)).toEqual({ n: 0 });
    expect(nb.db.prepare('SELECT count(*) AS n FROM suggestions WHERE entity_id = ?').get(sco)).toEqual({ n: 0 });
    expect(nb.db.prepare('SELECT count(*) AS n FROM suggestions').get()).toEqual({ n: 3 });
    const refs = nb.db
      .prepare(`SELECT owner_id, target_id FROM refs WHERE target_kind = 'entity' ORDER BY owner_id, target_id`)
      .all();
    expect(refs).toEqual([
      { owner_id: noteBoth, target_id: org },
      { owner_id: noteSco, target_id: org },
    ]);
    // The merged entity is kept, marked, for the undo; no one can link to it meanwhile.
    expect(nb.db.prepare('SELECT merged_into FROM entities WHERE id = ?').get(sco)).toEqual({ merged_into: org });
    expect(() => createPassage(nb.db, { sourceId: 1, start: 0, end: 2, entityIds: [sco] })).toThrow(
      /was merged into Shanghai Cooperation Organization/,
    );
    expect(listMerges(nb.db, org)).toEqual([record]);

    const undone = unmergeEntities(nb.db, record.mergeId);
    expect(undone.undoneAt).not.toBeNull();
    expect(snapshot()).toEqual(before);
    expect(listMerges(nb.db, org)).toEqual([undone]);
    expect(() => unmergeEntities(nb.db, record.mergeId)).toThrow(/undone already/);
  });

  it('keeps what happened to the survivor after the merge when undoing it', () => {
    const p = mark(1, 'SCO', [sco]);
    const { mergeId } = mergeEntities(nb.db, org, sco);
    const later = mark(2, 'Tianjin', [org]);
    updateEntity(nb.db, org, { description: 'Eurasian' });
    unmergeEntities(nb.db, mergeId);
    expect(getEntity(nb.db, org)).toMatchObject({ description: 'Eurasian', aliases: ['Shanghai Pact'] });
    expect(getPassage(nb.db, later).entities.map((e) => e.entityId)).toEqual([org]);
    expect(getPassage(nb.db, p).entities.map((e) => e.entityId)).toEqual([sco]);
  });

  it('undoes chained merges newest first', () => {
    const third = createEntity(nb.db, { type: 'Organization', name: 'SCO Secretariat' }).entityId;
    const first = mergeEntities(nb.db, org, sco);
    const second = mergeEntities(nb.db, third, org);
    expect(() => unmergeEntities(nb.db, first.mergeId)).toThrow(/undo that merge first/);
    unmergeEntities(nb.db, second.mergeId);
    unmergeEntities(nb.db, first.mergeId);
    expect(liveEntityNames(nb.db).map((e) => e.entityId)).toEqual([org, sco, third]);
    expect(listMerges(nb.db, third).map((m) => m.mergeId)).toEqual([second.mergeId]);
  });

  it('refuses to merge an entity into itself, or one in the trash or merged away', () => {
    expect(() => mergeEntities(nb.db, org, org)).toThrow(/into itself/);
    deleteEntity(nb.db, sco);
    expect(() => mergeEntities(nb.db, org, sco)).toThrow(/in the trash/);
    expect(() => mergeEntities(nb.db, org, 99)).toThrow(/no entity 99/);
  });
});

describe('merge candidates', () => {
  const pairs = (): string[] => mergeCandidates(nb.db).map((c) => `${c.a.name} ~ ${c.b.name}`);

  it('proposes same names, acronyms and names within names, of one type, until marked distinct', () => {
    const make = (type: 'Person' | 'Organization' | 'Place', name: string, aliases: string[] = []): number =>
      createEntity(nb.db, { type, name, aliases }).entityId;
    const sco = make('Organization', 'SCO');
    const org = make('Organization', 'Shanghai Cooperation Organization');
    make('Organization', 'OPEC');
    make('Organization', 'Organization of the Petroleum Exporting Countries');
    const putin = make('Person', 'Putin');
    make('Person', 'Vladimir Putin');
    make('Person', 'Jürgen Müller');
    make('Person', 'Dr', ['jurgen muller']);
    make('Place', 'Müller'); // another type: never proposed with the people
    make('Person', 'Alexei Overchuk');
    make('Place', 'Moscow');

    expect(pairs()).toEqual([
      'Jürgen Müller ~ Dr',
      'OPEC ~ Organization of the Petroleum Exporting Countries',
      'SCO ~ Shanghai Cooperation Organization',
      'Putin ~ Vladimir Putin',
    ]);
    expect(mergeCandidates(nb.db)[0]!.reason).toBe('Both are called “Jürgen Müller”.');
    expect(mergeCandidates(nb.db)[2]!.reason).toBe('“SCO” is the initials of “Shanghai Cooperation Organization”.');
    expect(mergeCandidates(nb.db)[3]!.reason).toBe('“Putin” is part of “Vladimir Putin”.');
    expect(mergeCandidates(nb.db, 2)).toHaveLength(2);

    markDistinct(nb.db, org, sco);
    deleteEntity(nb.db, putin);
    expect(pairs()).toEqual(['Jürgen Müller ~ Dr', 'OPEC ~ Organization of the Petroleum Exporting Countries']);
  });
});
