import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { createEntity, mergeEntities, unmergeEntities } from '../../../src-main/core/entities/repository';
import {
  createPassage,
  deletePassage,
  linkPassage,
  restorePassage,
  unlinkPassage,
} from '../../../src-main/core/passages/repository';
import { seedSources } from '../../support/seed';
import { useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();
let nb: Notebook;
beforeEach(() => {
  nb = openNotebook(join(tempDir(), 'c.casebook'));
  seedSources(nb.db, 6, (i) => ({ title: `S${i}`, text: `Source ${i}: some words to select from, twice over.` }));
});
afterEach(() => nb.close());

/** The counts the triggers keep, and the same counted from scratch. */
function counts(): { kept: unknown[]; truth: unknown[] } {
  const kept = nb.db
    .prepare(
      `SELECT e.id, e.passage_count AS passages, e.source_count AS sources,
         (SELECT group_concat(source_id || ':' || passages) FROM entity_sources WHERE entity_id = e.id) AS pairs
       FROM entities e ORDER BY e.id`,
    )
    .all();
  const truth = nb.db
    .prepare(
      `SELECT e.id,
         (SELECT count(*) FROM passage_entities pe JOIN passages p ON p.id = pe.passage_id
          WHERE pe.entity_id = e.id AND p.deleted_at IS NULL) AS passages,
         (SELECT count(DISTINCT p.source_id) FROM passage_entities pe JOIN passages p ON p.id = pe.passage_id
          WHERE pe.entity_id = e.id AND p.deleted_at IS NULL) AS sources,
         (SELECT group_concat(source_id || ':' || n) FROM (
            SELECT p.source_id, count(*) AS n FROM passage_entities pe JOIN passages p ON p.id = pe.passage_id
            WHERE pe.entity_id = e.id AND p.deleted_at IS NULL GROUP BY p.source_id ORDER BY p.source_id)) AS pairs
       FROM entities e ORDER BY e.id`,
    )
    .all();
  return { kept, truth };
}

it('keeps passage and source counts right through links, trash, merges and deletions', () => {
  // A seeded pseudo-random walk: the same every run.
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const entities = Array.from({ length: 5 }, (_, i) => createEntity(nb.db, { type: 'Other', name: `E${i}` }).entityId);
  const passages: number[] = [];
  const deleted = new Set<number>();
  const merges: number[] = [];
  for (let step = 0; step < 400; step++) {
    const op = rand(8);
    const live = passages.filter((p) => !deleted.has(p));
    const entity = entities[rand(entities.length)]!;
    if (op <= 1 || live.length === 0) {
      const start = rand(20);
      passages.push(
        createPassage(nb.db, { sourceId: 1 + rand(6), start, end: start + 1 + rand(10), entityIds: [entity] })
          .passageId,
      );
    } else if (op === 2) linkPassage(nb.db, live[rand(live.length)]!, entity);
    else if (op === 3) unlinkPassage(nb.db, live[rand(live.length)]!, entity);
    else if (op === 4) {
      const p = live[rand(live.length)]!;
      deletePassage(nb.db, p);
      deleted.add(p);
    } else if (op === 5 && deleted.size > 0) {
      const p = [...deleted][rand(deleted.size)]!;
      restorePassage(nb.db, p);
      deleted.delete(p);
    } else if (op === 6) {
      // Passages deleted for good (as when their source goes), in the trash or not.
      const p = passages.splice(rand(passages.length), 1)[0]!;
      nb.db.prepare('DELETE FROM passages WHERE id = ?').run(p);
      deleted.delete(p);
    } else if (op === 7) {
      if (merges.length > 0 && rand(2) === 0) unmergeEntities(nb.db, merges.pop()!);
      else {
        const live = nb.db.prepare('SELECT id FROM entities WHERE merged_into IS NULL ORDER BY id').all() as Array<{
          id: number;
        }>;
        if (live.length >= 2) {
          const a = live[rand(live.length)]!.id;
          const b = live.find((e) => e.id !== a)!.id;
          merges.push(mergeEntities(nb.db, a, b).mergeId);
          entities.splice(entities.indexOf(b), 1);
        }
      }
      // Unmerged entities come back into play.
      for (const { id } of nb.db.prepare('SELECT id FROM entities WHERE merged_into IS NULL').all() as Array<{
        id: number;
      }>)
        if (!entities.includes(id)) entities.push(id);
    }
    const { kept, truth } = counts();
    expect(kept, `after step ${step}`).toEqual(truth);
  }
  // A source removed takes its passages and their counts with it.
  nb.db.prepare('DELETE FROM sources WHERE id = 1').run();
  const { kept, truth } = counts();
  expect(kept).toEqual(truth);
});
