import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notebook } from '../../../src-main/core/db/notebook';
import { draftFromEntity, editorState, entityCard, evidenceBlock } from '../../../src-main/core/dossiers/draft';
import { evidence } from '../../../src-main/core/dossiers/evidence';
import {
  createDossier,
  deleteDossier,
  getDossier,
  listDossiers,
  restoreDossier,
  saveDossier,
} from '../../../src-main/core/dossiers/repository';
import { createEntity, deleteEntity, mergeEntities, updateEntity } from '../../../src-main/core/entities/repository';
import { createNote } from '../../../src-main/core/notes/repository';
import type { JsonNode } from '../../../src-main/core/notes/content';
import { createPassage, deletePassage } from '../../../src-main/core/passages/repository';
import { seedSources } from '../../support/seed';
import { useTempDirs } from '../../support/tmp';
import { doc, h, mention, noteLink, p, quote, sourceLink, t } from '../notes/build';
import { sampleNotebook, type SampleNotebook } from '../export/fixture';

const tempDir = useTempDirs();
let s: SampleNotebook;
let nb: Notebook;
beforeEach(async () => {
  s = await sampleNotebook(tempDir(), { fast: true });
  nb = s.nb;
});
afterEach(() => nb.close());

/** The reference index rows of one dossier, as `kind:id`, sorted. */
const refsOf = (dossierId: number): string[] =>
  (
    nb.db
      .prepare("SELECT target_kind, target_id FROM refs WHERE owner_kind = 'dossier' AND owner_id = ?")
      .all(dossierId) as Array<{ target_kind: string; target_id: number }>
  )
    .map((r) => `${r.target_kind}:${r.target_id}`)
    .sort();

describe('dossiers', () => {
  it('creates an empty dossier at revision 1 with its cover fields', () => {
    const d = createDossier(nb.db, {
      title: '  Russia\nand Pakistan ',
      subjectEntityId: s.personId,
      classification: 'INTERNAL',
      analyst: 'J. Analyst',
    });
    expect(d).toMatchObject({
      id: 1,
      title: 'Russia and Pakistan',
      subjectEntityId: s.personId,
      classification: 'INTERNAL',
      analyst: 'J. Analyst',
      revision: 1,
      deletedAt: null,
    });
    expect(JSON.parse(d.content).root.children).toEqual([expect.objectContaining({ type: 'paragraph' })]);
  });

  it('refuses an empty title, content that is not an editor state, and a subject in the trash', () => {
    expect(() => createDossier(nb.db, { title: '   ' })).toThrow(/needs a title/);
    expect(() => createDossier(nb.db, { title: 'x', content: '{"no":"root"}' })).toThrow(/no root node/);
    deleteEntity(nb.db, s.placeId);
    expect(() => createDossier(nb.db, { title: 'x', subjectEntityId: s.placeId })).toThrow(/in the trash/);
    expect(() => createDossier(nb.db, { title: 'x', subjectEntityId: 999 })).toThrow(/no entity 999/);
  });

  it('saves the fields sent, bumps the revision, and refuses a save from a stale copy', () => {
    const d = createDossier(nb.db, { title: 'Draft' });
    const saved = saveDossier(nb.db, { dossierId: d.id, revision: 1, title: 'Final', classification: 'SECRET' });
    expect(saved.revision).toBe(2);
    expect(getDossier(nb.db, d.id)).toMatchObject({
      title: 'Final',
      classification: 'SECRET',
      analyst: '',
      revision: 2,
    });
    expect(() => saveDossier(nb.db, { dossierId: d.id, revision: 1, analyst: 'Late' })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(getDossier(nb.db, d.id).analyst).toBe('');
    // A refused save changes nothing, not even part of it.
    expect(() => saveDossier(nb.db, { dossierId: d.id, revision: 2, title: 'Half', content: 'not json' })).toThrow(
      /not valid JSON/,
    );
    expect(getDossier(nb.db, d.id)).toMatchObject({ title: 'Final', revision: 2 });
    saveDossier(nb.db, { dossierId: d.id, revision: 2, subjectEntityId: s.personId });
    saveDossier(nb.db, { dossierId: d.id, revision: 3, subjectEntityId: null });
    expect(getDossier(nb.db, d.id).subjectEntityId).toBeNull();
  });

  it('rebuilds its references on save: mentions, quotes, links, cards and live blocks', () => {
    const note = createNote(nb.db, { content: doc(p(t('A note'))) });
    const d = createDossier(nb.db, {
      title: 'Refs',
      content: doc(
        p(t('About '), mention(s.placeId), sourceLink(s.sourceId), noteLink(note.noteId)),
        quote(s.passages[0]!),
        entityCard(s.personId),
        evidenceBlock(s.placeId, 'cooccurring'),
      ),
    });
    expect(refsOf(d.id)).toEqual([
      `entity:${s.personId}`,
      `entity:${s.placeId}`,
      `note:${note.noteId}`,
      `passage:${s.passages[0]}`,
      `source:${s.sourceId}`,
    ]);
    saveDossier(nb.db, { dossierId: d.id, revision: 1, content: doc(p(t('Nothing cited'))) });
    expect(refsOf(d.id)).toEqual([]);
  });

  it('lists live dossiers newest first, finds them by title, subject, alias or text, and keeps the trash apart', () => {
    const a = createDossier(nb.db, { title: 'Energy corridors' }, new Date('2025-01-01'));
    const b = createDossier(
      nb.db,
      { title: 'Москва и Исламабад', subjectEntityId: s.personId, content: doc(p(t('Встреча в Москве.'))) },
      new Date('2025-02-01'),
    );
    expect(listDossiers(nb.db).map((d) => d.id)).toEqual([b.id, a.id]);
    expect(listDossiers(nb.db)[0]).toEqual({
      id: b.id,
      title: 'Москва и Исламабад',
      subjectEntityId: s.personId,
      subjectName: 'Alexei Overchuk',
      classification: '',
      updatedAt: b.updatedAt,
    });
    expect(listDossiers(nb.db, { query: 'CORRIDOR' }).map((d) => d.id)).toEqual([a.id]);
    expect(listDossiers(nb.db, { query: 'москве' }).map((d) => d.id)).toEqual([b.id]);
    expect(listDossiers(nb.db, { query: 'overchuk alexei' }).map((d) => d.id)).toEqual([b.id]);
    expect(listDossiers(nb.db, { query: 'energy москва' })).toEqual([]);
    deleteDossier(nb.db, a.id);
    expect(listDossiers(nb.db).map((d) => d.id)).toEqual([b.id]);
    expect(listDossiers(nb.db, { trash: true }).map((d) => d.id)).toEqual([a.id]);
    restoreDossier(nb.db, a.id);
    expect(listDossiers(nb.db).map((d) => d.id)).toEqual([b.id, a.id]);
  });

  it('shows a subject merged away as the entity it now lives on', () => {
    const other = createEntity(nb.db, { type: 'Person', name: 'A. Overchuk' }).entityId;
    const d = createDossier(nb.db, { title: 'Before the merge', subjectEntityId: other });
    mergeEntities(nb.db, s.personId, other);
    expect(listDossiers(nb.db).find((x) => x.id === d.id)?.subjectName).toBe('Alexei Overchuk');
  });
});

describe('a draft from an entity', () => {
  it('holds the card, live evidence sections, the notes that mention it, and its sources', () => {
    const note = createNote(nb.db, { content: doc(p(t('Met '), mention(s.personId))) });
    const d = draftFromEntity(nb.db, s.personId, { classification: 'INTERNAL', analyst: 'J. Analyst' });
    expect(d).toMatchObject({
      title: 'Alexei Overchuk',
      subjectEntityId: s.personId,
      classification: 'INTERNAL',
      analyst: 'J. Analyst',
    });
    const children = JSON.parse(d.content).root.children as JsonNode[];
    const outline = children.map((c) =>
      c.type === 'heading'
        ? `h:${c.children![0]!.text}`
        : c.type === 'evidence-block'
          ? `evidence:${c.block}:${c.entityId}`
          : c.type === 'entity-card'
            ? `card:${c.entityId}`
            : c.type === 'paragraph' && c.children!.length === 1
              ? `${c.children![0]!.type}:${c.children![0]!.noteId}`
              : c.type,
    );
    expect(outline).toEqual([
      'h:Profile',
      `card:${s.personId}`,
      'paragraph',
      'h:Timeline',
      `evidence:passages:${s.personId}`,
      'h:Related entities',
      `evidence:cooccurring:${s.personId}`,
      'h:Notes',
      `note-link:${note.noteId}`,
      'h:Sources',
      `evidence:sources:${s.personId}`,
    ]);
  });

  it('leaves out the notes section when no note mentions the entity, and refuses an entity in the trash', () => {
    const d = draftFromEntity(nb.db, s.placeId);
    expect(d.content).not.toContain('"Notes"');
    deleteEntity(nb.db, s.placeId);
    expect(() => draftFromEntity(nb.db, s.placeId)).toThrow(/in the trash/);
  });
});

describe('live evidence', () => {
  it('lists the passages linked to the entity by source date, then position', () => {
    seedSources(nb.db, 2, (i) => ({
      title: i === 1 ? 'Earlier report' : 'Undated memo',
      text: `Overchuk spoke first. Later he spoke again. (${i})`,
      publishedAt: i === 1 ? '2024-03-01' : null,
    }));
    const later = createPassage(nb.db, { sourceId: 2, start: 22, end: 43, entityIds: [s.personId] }).passageId;
    const first = createPassage(nb.db, { sourceId: 2, start: 0, end: 21, entityIds: [s.personId] }).passageId;
    const undated = createPassage(nb.db, { sourceId: 3, start: 0, end: 21, entityIds: [s.personId] }).passageId;
    const data = evidence(nb.db, s.personId, 'passages');
    expect(data.items.map((i) => i.passageId)).toEqual([first, later, ...s.passages, undated]);
    expect(data.items[0]).toEqual({
      passageId: first,
      sourceId: 2,
      sourceTitle: 'Earlier report',
      sourceDate: '2024-03-01',
      page: null,
      exact: 'Overchuk spoke first.',
      comment: null,
    });
    // A passage in the trash is no evidence.
    deletePassage(nb.db, later);
    expect(evidence(nb.db, s.personId, 'passages').items.map((i) => i.passageId)).not.toContain(later);
  });

  it('builds a timeline of dated passages and of the dated events around the entity', () => {
    seedSources(nb.db, 1, () => ({ title: 'Undated memo', text: 'Overchuk at the summit.', publishedAt: null }));
    const summit = createEntity(nb.db, {
      type: 'Event',
      name: 'SCO summit',
      dateStart: '2024-10-15',
      dateEnd: '2024-10-16',
    }).entityId;
    createEntity(nb.db, { type: 'Event', name: 'Unrelated event', dateStart: '2020-01-01' });
    createPassage(nb.db, { sourceId: 2, start: 0, end: 23, entityIds: [s.personId, summit] });
    const data = evidence(nb.db, s.personId, 'timeline');
    expect(data.items.map((i) => i.passageId)).toEqual(s.passages);
    expect(data.items.every((i) => i.sourceDate === '2025-07-11')).toBe(true);
    expect(data.events).toEqual([
      { entityId: summit, name: 'SCO summit', dateStart: '2024-10-15', dateEnd: '2024-10-16' },
    ]);
  });

  it('counts co-occurring entities and lists the sources with what a citation needs', () => {
    expect(evidence(nb.db, s.personId, 'cooccurring').items).toEqual([
      { entityId: s.placeId, name: 'Pakistan', type: 'Place', count: 1, sources: 1 },
    ]);
    expect(evidence(nb.db, s.personId, 'sources').items).toEqual([
      {
        sourceId: s.sourceId,
        title: 'Russia, Pakistan natural allies',
        byline: null,
        date: '2025-07-11',
        url: null,
        fileName: 'seed-1.txt',
        kind: 'txt',
      },
    ]);
  });

  it('follows a merge: a block on the merged entity shows the survivor evidence', () => {
    const other = createEntity(nb.db, { type: 'Person', name: 'A. Overchuk' }).entityId;
    mergeEntities(nb.db, s.personId, other);
    expect(evidence(nb.db, other, 'passages').items.map((i) => i.passageId)).toEqual(s.passages);
    updateEntity(nb.db, s.personId, { name: 'Alexey Overchuk' });
    const d = createDossier(nb.db, { title: 'x', content: editorState([h('h2', t('Who')), entityCard(other)]) });
    expect(refsOf(d.id)).toEqual([`entity:${s.personId}`]);
  });
});
