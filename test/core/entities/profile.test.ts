import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { createEntity, deleteEntity, entityProfile } from '../../../src-main/core/entities/repository';
import { createPassage, deletePassage } from '../../../src-main/core/passages/repository';
import { seedSources } from '../../support/seed';
import { useTempDirs } from '../../support/tmp';

const TEXT = 'Putin met Sharif in Tianjin. Putin spoke of Karachi. Sharif answered in Moscow.';
/** Published dates of sources 1–4: the second is undated. */
const DATES = ['2025-08-01', null, '2024-10-15', '2025-07-11'];

const tempDir = useTempDirs();
let nb: Notebook;
beforeEach(() => {
  nb = openNotebook(join(tempDir(), 'pr.casebook'));
  seedSources(nb.db, 4, (i) => ({ title: `Source ${i}`, text: `${i}. ${TEXT}`, publishedAt: DATES[i - 1] }));
});
afterEach(() => nb.close());

function mark(sourceId: number, quote: string, entityIds: number[], nth = 0): number {
  const text = `${sourceId}. ${TEXT}`;
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(quote, start + 1);
  return createPassage(nb.db, { sourceId, start, end: start + quote.length, entityIds }).passageId;
}

describe('the entity page', () => {
  it('shows a timeline by source date (undated last), co-occurring entities ranked, and notes', () => {
    const make = (type: 'Person' | 'Place', name: string): number => createEntity(nb.db, { type, name }).entityId;
    const putin = make('Person', 'Vladimir Putin');
    const sharif = make('Person', 'Shehbaz Sharif');
    const tianjin = make('Place', 'Tianjin');
    const karachi = make('Place', 'Karachi');
    const moscow = make('Place', 'Moscow');

    // Passages of source 1 are added out of order: the timeline puts them by position.
    mark(1, 'Putin spoke of Karachi', [putin, karachi]);
    mark(1, 'Putin met Sharif', [putin, sharif]);
    mark(2, 'Putin met Sharif in Tianjin', [putin, sharif, tianjin]);
    mark(3, 'Putin', [putin]);
    mark(3, 'Sharif answered in Moscow', [sharif, moscow]);
    mark(4, 'Putin met Sharif', [putin, sharif]);
    mark(4, 'Moscow', [moscow]);
    const deleted = mark(4, 'Putin spoke', [putin]);
    deletePassage(nb.db, deleted);

    const { lastInsertRowid: noteId } = nb.db
      .prepare(
        `INSERT INTO notes (title, content, created_at, updated_at) VALUES ('On Putin', '{}', 'x', '2025-01-01')`,
      )
      .run();
    nb.db
      .prepare(`INSERT INTO refs (owner_kind, owner_id, target_kind, target_id) VALUES ('note', ?, 'entity', ?)`)
      .run(noteId, putin);

    const profile = entityProfile(nb.db, putin);
    expect(profile.entity).toMatchObject({ entityId: putin, name: 'Vladimir Putin' });
    expect(profile.passages).toBe(5);
    expect(profile.sources).toBe(4);
    expect(profile.timeline.map((g) => [g.source.sourceId, g.source.publishedAt])).toEqual([
      [3, '2024-10-15'],
      [4, '2025-07-11'],
      [1, '2025-08-01'],
      [2, null],
    ]);
    expect(profile.timeline[2]!.passages.map((p) => p.exact)).toEqual(['Putin met Sharif', 'Putin spoke of Karachi']);
    expect(profile.timeline[0]!.passages[0]).toMatchObject({ exact: 'Putin', status: 'anchored', page: null });

    // Sharif: 3 shared passages (sources 1, 2, 4) and 4 shared sources; Tianjin, Karachi: 1 passage each;
    // Moscow: no shared passage but 2 shared sources (3 and 4).
    expect(profile.cooccurring.map((c) => [c.entity.name, c.sharedPassages, c.sharedSources])).toEqual([
      ['Shehbaz Sharif', 3, 4],
      ['Karachi', 1, 1],
      ['Tianjin', 1, 1],
      ['Moscow', 0, 2],
    ]);
    expect(profile.notes).toEqual([{ noteId: Number(noteId), title: 'On Putin', updatedAt: '2025-01-01' }]);

    // Entities in the trash do not co-occur; a trashed note is not listed.
    deleteEntity(nb.db, karachi);
    nb.db.prepare(`UPDATE notes SET deleted_at = 'x' WHERE id = ?`).run(noteId);
    const again = entityProfile(nb.db, putin);
    expect(again.cooccurring.map((c) => c.entity.name)).toEqual(['Shehbaz Sharif', 'Tianjin', 'Moscow']);
    expect(again.notes).toEqual([]);
  });

  it('is empty for an entity without passages, and says when the entity does not exist', () => {
    const e = createEntity(nb.db, { type: 'Place', name: 'Uzbekistan' });
    expect(entityProfile(nb.db, e.entityId)).toMatchObject({
      passages: 0,
      sources: 0,
      timeline: [],
      cooccurring: [],
      notes: [],
    });
    expect(() => entityProfile(nb.db, 404)).toThrow('There is no entity 404 in this notebook.');
  });
});
