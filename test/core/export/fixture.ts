import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { createEntity } from '../../../src-main/core/entities/repository';
import { createPassage } from '../../../src-main/core/passages/repository';
import { importInto } from '../../support/importing';
import { seedSample } from '../passages/sample';
import { SAMPLE } from '../../support/tmp';

/** Quotes of the sample article linked to Alexei Overchuk, in the order they appear in it. */
export const QUOTES = [
  'natural allies',
  'Russian Deputy Prime Minister Alexei Overchuk',
  'Overchuk also recalled his visit to Pakistan last year',
] as const;

export interface SampleNotebook {
  nb: Notebook;
  sourceId: number;
  personId: number;
  placeId: number;
  /** Passage ids, as QUOTES. */
  passages: number[];
}

export const textOf = (db: Database, sourceId: number): string =>
  (db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId) as { text: string }).text;

/** A passage of the source by its words (the first occurrence), linked to the entities. */
export function passageOf(
  db: Database,
  sourceId: number,
  exact: string,
  entityIds: number[],
  comment?: string,
): number {
  const start = textOf(db, sourceId).indexOf(exact);
  if (start < 0) throw new Error(`"${exact}" is not in source ${sourceId}`);
  return createPassage(db, { sourceId, start, end: start + exact.length, entityIds, comment: comment ?? null })
    .passageId;
}

/**
 * The sample article imported through the real pipeline (or stored directly:
 * `fast`), with the Person it
 * names (Alexei Overchuk) linked to three of its passages, one of which also
 * names a Place (Pakistan).
 */
export async function sampleNotebook(dir: string, opts: { fast?: boolean } = {}): Promise<SampleNotebook> {
  const nb = openNotebook(join(dir, 'export.casebook'));
  // `fast`: stored without the import workers (title "Russia, Pakistan natural allies", file seed-1.txt).
  const sourceId = opts.fast ? seedSample(nb.db) : (await importInto(nb, [SAMPLE])).results[0]!.sourceId!;
  const personId = createEntity(nb.db, {
    type: 'Person',
    name: 'Alexei Overchuk',
    aliases: ['Overchuk'],
    description: 'Deputy Prime Minister of Russia.',
  }).entityId;
  const placeId = createEntity(nb.db, { type: 'Place', name: 'Pakistan' }).entityId;
  const passages = QUOTES.map((q) =>
    passageOf(
      nb.db,
      sourceId,
      q,
      q.includes('Pakistan') ? [personId, placeId] : [personId],
      q === 'natural allies' ? 'The phrase the ministry chose.' : undefined,
    ),
  );
  return { nb, sourceId, personId, placeId, passages };
}
