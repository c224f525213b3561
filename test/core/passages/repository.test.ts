import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import {
  createEntity,
  deleteEntity,
  getEntity,
  listEntities,
  mergeEntities,
} from '../../../src-main/core/entities/repository';
import { CasebookError } from '../../../src-main/core/errors';
import {
  createPassage,
  deletePassage,
  getPassage,
  getPassageDetail,
  linkPassage,
  linkPassageToNew,
  listOrphans,
  passagesForSource,
  reanchorPassages,
  restorePassage,
  unlinkPassage,
  updatePassage,
} from '../../../src-main/core/passages/repository';
import { prepareFile } from '../../../src-main/core/sources/prepare';
import { openReport } from '../../../src-main/core/sources/reports';
import { getSource } from '../../../src-main/core/sources/repository';
import { storePrepared } from '../../../src-main/core/sources/store';
import { makeTextPdf } from '../../support/make-pdf';
import { useTempDirs } from '../../support/tmp';
import { seedSample } from './sample';

const tempDir = useTempDirs();
let nb: Notebook;
let sourceId: number;
let text: string;

beforeEach(() => {
  nb = openNotebook(join(tempDir(), 'p.casebook'));
  sourceId = seedSample(nb.db);
  text = getSource(nb.db, sourceId)!.text;
});
afterEach(() => nb.close());

const spanOf = (quote: string, nth = 0): { start: number; end: number } => {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  return { start: at, end: at + quote.length };
};

const counts = (entityId: number): { passages: number; sources: number } => {
  const e = getEntity(nb.db, entityId);
  const item = listEntities(nb.db, { query: e.name, trash: e.deletedAt !== null, offset: 0, limit: 100 }).items.find(
    (i) => i.entityId === entityId,
  )!;
  return { passages: item.passages, sources: item.sources };
};

describe('passages', () => {
  it('takes its quote, context and trimmed span from the source text, and links new and known entities', () => {
    const russia = createEntity(nb.db, { type: 'Place', name: 'Russia' });
    const { start, end } = spanOf('Alexei Overchuk');
    const p = createPassage(nb.db, {
      sourceId,
      start: start - 1, // the space before, as a sloppy selection takes it
      end: end + 1,
      comment: '  The deputy prime minister  ',
      entityIds: [russia.entityId],
      newEntities: [{ name: 'Alexei Overchuk', type: 'Person' }],
    });
    expect(p).toMatchObject({
      sourceId,
      start,
      end,
      exact: 'Alexei Overchuk',
      prefix: text.slice(start - 32, start),
      suffix: text.slice(end, end + 32),
      page: null,
      comment: 'The deputy prime minister',
      status: 'anchored',
    });
    expect(p.entities.map((e) => [e.name, e.type])).toEqual([
      ['Alexei Overchuk', 'Person'],
      ['Russia', 'Place'],
    ]);
    expect(getPassageDetail(nb.db, p.passageId)).toMatchObject({
      passageId: p.passageId,
      sourceTitle: getSource(nb.db, sourceId)!.title,
      sourcePublishedAt: '2025-07-11',
    });
  });

  it('refuses empty and out-of-range spans, unknown sources and unusable entities with a sentence', () => {
    const bad = (input: Partial<Parameters<typeof createPassage>[1]>): unknown => {
      try {
        createPassage(nb.db, { sourceId, start: 0, end: 5, ...input });
      } catch (err) {
        return err;
      }
      return null;
    };
    for (const input of [
      { start: 10, end: 10 },
      { start: 0, end: text.length + 5 },
      { start: 2, end: 1 },
    ]) {
      const err = bad(input);
      expect(err).toBeInstanceOf(CasebookError);
      expect((err as CasebookError).code).toBe('invalid_input');
    }
    const blank = text.indexOf('\n\n');
    expect(bad({ start: blank, end: blank + 2 })).toMatchObject({ code: 'invalid_input' });
    expect(bad({ sourceId: 999 })).toMatchObject({
      code: 'not_found',
      message: 'There is no source 999 in this notebook.',
    });
    const trashed = deleteEntity(nb.db, createEntity(nb.db, { type: 'Other', name: 'Gone' }).entityId);
    expect(bad({ entityIds: [trashed.entityId] })).toMatchObject({ code: 'invalid_input' });
    expect(bad({ entityIds: [12345] })).toMatchObject({ code: 'not_found' });
    expect(passagesForSource(nb.db, sourceId)).toEqual([]);
  });

  it('are listed per source by position, and edited, linked, unlinked, deleted and restored', () => {
    const later = createPassage(nb.db, { sourceId, ...spanOf('Shehbaz Sharif') });
    const earlier = createPassage(nb.db, { sourceId, ...spanOf('Tariq Fatemi') });
    expect(passagesForSource(nb.db, sourceId).map((p) => p.exact)).toEqual(['Tariq Fatemi', 'Shehbaz Sharif']);

    expect(updatePassage(nb.db, earlier.passageId, { comment: 'SAPM' }).comment).toBe('SAPM');
    expect(updatePassage(nb.db, earlier.passageId, { comment: '   ' }).comment).toBeNull();

    const person = createEntity(nb.db, { type: 'Person', name: 'Tariq Fatemi' });
    expect(linkPassage(nb.db, earlier.passageId, person.entityId).entities.map((e) => e.entityId)).toEqual([
      person.entityId,
    ]);
    // Linking twice is one link.
    expect(linkPassage(nb.db, earlier.passageId, person.entityId).entities).toHaveLength(1);
    const { passage, entityId } = linkPassageToNew(nb.db, later.passageId, { name: 'Shehbaz Sharif', type: 'Person' });
    expect(passage.entities.map((e) => e.entityId)).toEqual([entityId]);
    expect(unlinkPassage(nb.db, earlier.passageId, person.entityId).entities).toEqual([]);

    expect(deletePassage(nb.db, later.passageId)).toEqual({ passageId: later.passageId, sourceId });
    expect(passagesForSource(nb.db, sourceId).map((p) => p.passageId)).toEqual([earlier.passageId]);
    expect(() => getPassage(nb.db, later.passageId)).toThrow(/no passage/);
    expect(counts(entityId)).toEqual({ passages: 0, sources: 0 });
    // Restored with its links, as it was.
    expect(restorePassage(nb.db, later.passageId).entities.map((e) => e.entityId)).toEqual([entityId]);
    expect(counts(entityId)).toEqual({ passages: 1, sources: 1 });
  });

  it('hide the entities that are in the trash or merged away', () => {
    const a = createEntity(nb.db, { type: 'Organization', name: 'SCO' });
    const b = createEntity(nb.db, { type: 'Organization', name: 'Shanghai Cooperation Organization' });
    const c = createEntity(nb.db, { type: 'Place', name: 'Islamabad' });
    const p = createPassage(nb.db, {
      sourceId,
      ...spanOf('Shanghai Cooperation Organization (SCO)'),
      entityIds: [a.entityId, b.entityId, c.entityId],
    });
    deleteEntity(nb.db, c.entityId);
    mergeEntities(nb.db, b.entityId, a.entityId);
    expect(getPassage(nb.db, p.passageId).entities.map((e) => e.name)).toEqual(['Shanghai Cooperation Organization']);
  });

  it('know their page in a PDF', async () => {
    const pdf = makeTextPdf({
      pages: [
        [['Page one talks about Moscow and the delegation.']],
        [['Page two names Alexei Overchuk, the deputy prime minister.']],
        [['Page three ends in Karachi.']],
      ],
    });
    const { reportId } = openReport(nb.db, 'cli', null);
    const stored = storePrepared(nb.db, await prepareFile(pdf, 'three.pdf'), {
      file: 'three.pdf',
      fileName: 'three.pdf',
      bytes: pdf,
      reportId,
      seq: 1,
    });
    const id = stored.sourceId!;
    const source = getSource(nb.db, id)!;
    expect(source.layout.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    const at = (quote: string): { start: number; end: number } => {
      const start = source.text.indexOf(quote);
      return { start, end: start + quote.length };
    };
    expect(createPassage(nb.db, { sourceId: id, ...at('Moscow') }).page).toBe(1);
    expect(createPassage(nb.db, { sourceId: id, ...at('Alexei Overchuk') }).page).toBe(2);
    expect(createPassage(nb.db, { sourceId: id, ...at('Karachi') }).page).toBe(3);
    // A selection starting in the blank line between pages belongs to the page it reaches into.
    const gap = source.layout.pages[0]!.end;
    expect(createPassage(nb.db, { sourceId: id, start: gap, end: gap + 8 }).page).toBe(2);
  });
});

describe('re-anchoring a source’s passages against a new text', () => {
  it('moves the passages that are found, keeps the rest as orphans with their links, never deletes', () => {
    const person = createEntity(nb.db, { type: 'Person', name: 'Alexei Overchuk' });
    const first = createPassage(nb.db, { sourceId, ...spanOf('Alexei Overchuk', 0), entityIds: [person.entityId] });
    const second = createPassage(nb.db, { sourceId, ...spanOf('Alexei Overchuk', 1), entityIds: [person.entityId] });
    const edited = createPassage(nb.db, { sourceId, ...spanOf('relations with Russia remained a key foreign policy') });
    const gone = createPassage(nb.db, {
      sourceId,
      ...spanOf('Originally built in the 1970s with Soviet assistance'),
      entityIds: [person.entityId],
    });
    const trashed = createPassage(nb.db, { sourceId, ...spanOf('Karachi') });
    deletePassage(nb.db, trashed.passageId);

    const newText = ('Editor’s note: updated.\n\n' + text)
      .replace(
        'relations with Russia remained a key foreign policy',
        'relations with Russia remain a key foreign policy',
      )
      .replace(/Originally built in the 1970s[^\n]*\n\n/, '');
    expect(reanchorPassages(nb.db, sourceId, newText)).toEqual({ anchored: 3, orphaned: 1 });

    const byId = new Map(passagesForSource(nb.db, sourceId).map((p) => [p.passageId, p]));
    expect(byId.get(first.passageId)).toMatchObject({ start: first.start + 25, status: 'anchored' });
    const moved = byId.get(second.passageId)!;
    expect(moved).toMatchObject({ exact: 'Alexei Overchuk', status: 'anchored' });
    expect(
      newText
        .slice(0, moved.end)
        .endsWith('Welcoming the high-level visit, Russian Deputy Prime Minister Alexei Overchuk'),
    ).toBe(true);
    expect(byId.get(edited.passageId)).toMatchObject({
      exact: 'relations with Russia remain a key foreign policy',
      status: 'anchored',
    });
    expect(byId.get(gone.passageId)).toMatchObject({
      status: 'orphan',
      exact: 'Originally built in the 1970s with Soviet assistance',
      start: gone.start,
      entities: [{ entityId: person.entityId }],
    });
    expect(listOrphans(nb.db)).toEqual([
      expect.objectContaining({ passageId: gone.passageId, sourceTitle: getSource(nb.db, sourceId)!.title }),
    ]);
    // The trashed passage was not touched, and still restores.
    expect(restorePassage(nb.db, trashed.passageId)).toMatchObject({ start: trashed.start, status: 'anchored' });
    // An orphan comes back when a later text has its quote again.
    expect(reanchorPassages(nb.db, sourceId, text)).toEqual({ anchored: 5, orphaned: 0 });
    expect(getPassage(nb.db, gone.passageId)).toMatchObject({ status: 'anchored', start: gone.start });
    expect(listOrphans(nb.db)).toEqual([]);
  });
});
