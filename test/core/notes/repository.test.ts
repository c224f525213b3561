import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notebook } from '../../../src-main/core/db/notebook';
import {
  deleteEntity,
  entityProfile,
  mergeEntities,
  unmergeEntities,
  updateEntity,
} from '../../../src-main/core/entities/repository';
import { listVersions } from '../../../src-main/core/notes/history';
import { deletePassage } from '../../../src-main/core/passages/repository';
import {
  backlinks,
  createNote,
  deleteNote,
  getNote,
  linkTargets,
  listNotes,
  quoteInNote,
  resolveRefs,
  restoreNote,
  saveNote,
} from '../../../src-main/core/notes/repository';
import { useTempDirs } from '../../support/tmp';
import {
  addEntity,
  addPassage,
  doc,
  mention,
  noteLink,
  notebookWithSources,
  p,
  quote,
  refsOf,
  sourceLink,
  t,
} from './build';

const tempDir = useTempDirs();
let nb: Notebook;
beforeEach(() => {
  nb = notebookWithSources(tempDir());
});
afterEach(() => nb.close());

/** Saves new content on top of whatever the note holds now. */
const edit = (noteId: number, content: string) =>
  saveNote(nb.db, { noteId, revision: getNote(nb.db, noteId).revision, content });

describe('saving notes', () => {
  it('creates an empty note at revision 1 and saves content, deriving title and text', () => {
    const note = createNote(nb.db);
    expect(note).toMatchObject({ noteId: 1, title: '', revision: 1, deletedAt: null });
    const saved = saveNote(nb.db, {
      noteId: 1,
      revision: 1,
      content: doc(p(t('Islamabad visit')), p(t('Trade talks.'))),
    });
    expect(saved).toMatchObject({ noteId: 1, revision: 2, title: 'Islamabad visit' });
    expect(getNote(nb.db, 1).content).toBe(doc(p(t('Islamabad visit')), p(t('Trade talks.'))));
    expect(listNotes(nb.db, { offset: 0, limit: 10 }).items).toEqual([
      expect.objectContaining({ noteId: 1, title: 'Islamabad visit', excerpt: 'Trade talks.' }),
    ]);
  });

  it('refuses a save from a stale copy and keeps the newer text', () => {
    createNote(nb.db);
    edit(1, doc(p(t('saved from window A'))));
    expect(() => saveNote(nb.db, { noteId: 1, revision: 1, content: doc(p(t('stale window B'))) })).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/changed elsewhere.*revision 2/) }),
    );
    expect(getNote(nb.db, 1)).toMatchObject({ revision: 2, title: 'saved from window A' });
  });

  it('applies a patch of the saved JSON text', () => {
    const before = doc(p(t('Overchuk met ministers')));
    createNote(nb.db, { content: before });
    const after = doc(p(t('Overchuk met Pakistani ministers')));
    let at = 0;
    while (before[at] === after[at]) at++;
    const saved = saveNote(nb.db, {
      noteId: 1,
      revision: 1,
      patch: { at, remove: 0, insert: after.slice(at, at + 'Pakistani '.length) },
    });
    expect(saved.title).toBe('Overchuk met Pakistani ministers');
    expect(getNote(nb.db, 1).content).toBe(after);
  });

  it('refuses content that is not an editor state, and changes nothing', () => {
    createNote(nb.db);
    expect(() => saveNote(nb.db, { noteId: 1, revision: 1, content: '{"root":1}' })).toThrow(/not a Lexical editor/);
    expect(() => saveNote(nb.db, { noteId: 9, revision: 1, content: doc(p()) })).toThrow(/no note 9/);
    expect(getNote(nb.db, 1).revision).toBe(1);
  });

  it('finds notes by words of their text, accents and case aside, the last word as a prefix', () => {
    createNote(nb.db, { content: doc(p(t('Réunion à Islamabad')), p(t('Overchuk parle commerce'))) });
    createNote(nb.db, { content: doc(p(t('Harbour strike'))) });
    const ids = (query: string) => listNotes(nb.db, { query, offset: 0, limit: 10 }).items.map((n) => n.noteId);
    expect(ids('reunion')).toEqual([1]);
    expect(ids('overch')).toEqual([1]);
    expect(ids('HARBOUR str')).toEqual([2]);
    expect(ids('"unbalanced (quote*')).toEqual([]);
    deleteNote(nb.db, 2);
    expect(ids('harbour')).toEqual([]);
    expect(listNotes(nb.db, { trash: true, offset: 0, limit: 10 }).items.map((n) => n.noteId)).toEqual([2]);
  });
});

describe('the reference index', () => {
  it('is rebuilt on every save: edits add and remove rows, ids naming nothing are left out', () => {
    const overchuk = addEntity(nb.db, 'Alexei Overchuk');
    const pakistan = addEntity(nb.db, 'Pakistan', 'Place');
    const passage = addPassage(nb.db, 1, 'Alexei Overchuk met Pakistani ministers');
    const other = createNote(nb.db).noteId;
    const note = createNote(nb.db).noteId;
    edit(note, doc(p(mention(overchuk), t(' in '), mention(pakistan), sourceLink(2), noteLink(other)), quote(passage)));
    expect(refsOf(nb.db, note)).toEqual([
      `entity:${overchuk}`,
      `entity:${pakistan}`,
      `note:${other}`,
      `passage:${passage}`,
      'source:2',
    ]);
    // Remove a mention and the quote; cite things that do not exist and the note itself.
    edit(note, doc(p(mention(overchuk), mention(999), sourceLink(77), noteLink(note), noteLink(other))));
    expect(refsOf(nb.db, note)).toEqual([`entity:${overchuk}`, `note:${other}`]);
    edit(note, doc(p(t('nothing cited'))));
    expect(refsOf(nb.db, note)).toEqual([]);
  });

  it('feeds backlinks: mentions, quotes (also as the source’s), links; trashed notes drop out', () => {
    const overchuk = addEntity(nb.db, 'Alexei Overchuk');
    const passage = addPassage(nb.db, 1, 'The two sides discussed trade.');
    const a = createNote(nb.db, { content: doc(p(t('A '), mention(overchuk)), quote(passage)) }).noteId;
    const b = createNote(nb.db, { content: doc(p(t('B '), sourceLink(1), t(' cf. '), noteLink(a))) }).noteId;
    const ids = (kind: Parameters<typeof backlinks>[1], id: number) => backlinks(nb.db, kind, id).map((n) => n.noteId);
    expect(ids('entity', overchuk)).toEqual([a]);
    expect(ids('passage', passage)).toEqual([a]);
    expect(ids('source', 1).sort()).toEqual([a, b]);
    expect(ids('source', 2)).toEqual([]);
    expect(ids('note', a)).toEqual([b]);
    expect(backlinks(nb.db, 'note', a)[0]).toMatchObject({
      title: 'B Russia and Pakistan call themselves natural allies cf. A Alexei Overchuk',
    });

    deleteNote(nb.db, a);
    expect(ids('entity', overchuk)).toEqual([]);
    expect(ids('source', 1)).toEqual([b]);
    restoreNote(nb.db, a);
    expect(ids('entity', overchuk)).toEqual([a]);
  });

  it('counts a mention of a merged entity for the survivor, before and after the merge, and after an unmerge', () => {
    const survivor = addEntity(nb.db, 'Alexei Overchuk');
    const merged = addEntity(nb.db, 'A. Overchuk');
    const before = createNote(nb.db, { content: doc(p(mention(merged))) }).noteId;
    expect(refsOf(nb.db, before)).toEqual([`entity:${merged}`]);
    const merge = mergeEntities(nb.db, survivor, merged);
    // The merge moved the index row; a note written or saved since records the survivor too.
    expect(refsOf(nb.db, before)).toEqual([`entity:${survivor}`]);
    const after = createNote(nb.db, { content: doc(p(mention(merged))) }).noteId;
    expect(refsOf(nb.db, after)).toEqual([`entity:${survivor}`]);
    expect(
      entityProfile(nb.db, survivor)
        .notes.map((n) => n.noteId)
        .sort(),
    ).toEqual([before, after]);
    unmergeEntities(nb.db, merge.mergeId);
    expect(refsOf(nb.db, before)).toEqual([`entity:${merged}`]);
    edit(after, getNote(nb.db, after).content);
    expect(refsOf(nb.db, after)).toEqual([`entity:${merged}`]);
  });
});

describe('mentions and quotes show what is there now', () => {
  it('shows an entity’s current name after a rename, and the survivor after a merge; the note keeps the id', () => {
    const id = addEntity(nb.db, 'A. Overchuk');
    const content = doc(p(mention(id)));
    const note = createNote(nb.db, { content }).noteId;
    updateEntity(nb.db, id, { name: 'Alexei Overchuk' });
    expect(resolveRefs(nb.db, { entityIds: [id], passageIds: [], sourceIds: [], noteIds: [] }).entities).toEqual([
      { entityId: id, resolvedId: id, status: 'ok', type: 'Person', name: 'Alexei Overchuk' },
    ]);
    const survivor = addEntity(nb.db, 'Overchuk, Alexei Lvovich');
    mergeEntities(nb.db, survivor, id);
    expect(resolveRefs(nb.db, { entityIds: [id], passageIds: [], sourceIds: [], noteIds: [] }).entities[0]).toEqual({
      entityId: id,
      resolvedId: survivor,
      status: 'ok',
      type: 'Person',
      name: 'Overchuk, Alexei Lvovich',
    });
    expect(getNote(nb.db, note).content).toBe(content);
    deleteEntity(nb.db, survivor);
    expect(resolveRefs(nb.db, { entityIds: [id, 404], passageIds: [], sourceIds: [], noteIds: [] }).entities).toEqual([
      expect.objectContaining({ status: 'trashed', name: 'Overchuk, Alexei Lvovich' }),
      { entityId: 404, resolvedId: 404, status: 'missing', type: null, name: 'Unknown entity' },
    ]);
  });

  it('reports a quote whose passage was deleted as deleted (with its text), and one that is gone as missing', () => {
    const passage = addPassage(nb.db, 1, 'The two sides discussed trade.');
    createNote(nb.db, { content: doc(quote(passage)) });
    const view = () =>
      resolveRefs(nb.db, { entityIds: [], passageIds: [passage], sourceIds: [], noteIds: [] }).passages[0];
    expect(view()).toEqual({
      passageId: passage,
      status: 'ok',
      sourceId: 1,
      exact: 'The two sides discussed trade.',
      page: null,
      orphan: false,
      sourceTitle: 'Russia and Pakistan call themselves natural allies',
      sourcePublishedAt: '2025-07-11',
    });
    deletePassage(nb.db, passage);
    expect(view()).toMatchObject({ status: 'deleted', exact: 'The two sides discussed trade.' });
    nb.db.prepare('DELETE FROM passages WHERE id = ?').run(passage);
    expect(view()).toMatchObject({ status: 'missing', sourceId: null });
    // Refs of the note still name it until the next save: the index follows the note, not the passage.
    expect(refsOf(nb.db, 1)).toEqual([`passage:${passage}`]);
  });

  it('resolves links to sources and notes, trashed and missing ones marked', () => {
    const a = createNote(nb.db, { content: doc(p(t('Alpha'))) }).noteId;
    deleteNote(nb.db, a);
    expect(resolveRefs(nb.db, { entityIds: [], passageIds: [], sourceIds: [2, 50], noteIds: [a, 60] })).toMatchObject({
      sources: [
        { sourceId: 2, status: 'ok', title: 'Harbour strike enters second week' },
        { sourceId: 50, status: 'missing' },
      ],
      notes: [
        { noteId: a, status: 'trashed', title: 'Alpha' },
        { noteId: 60, status: 'missing' },
      ],
    });
  });
});

describe('quote in note and link targets', () => {
  it('appends a quote to a named note or a new one, and refuses a deleted passage', () => {
    const passage = addPassage(nb.db, 1, 'The two sides discussed trade.');
    const fresh = quoteInNote(nb.db, { passageId: passage });
    expect(fresh).toMatchObject({ noteId: 1, revision: 1, title: 'The two sides discussed trade.' });
    createNote(nb.db, { content: doc(p(t('Existing'))) });
    const appended = quoteInNote(nb.db, { noteId: 2, passageId: passage });
    expect(appended).toMatchObject({ noteId: 2, revision: 2, title: 'Existing' });
    expect(JSON.parse(getNote(nb.db, 2).content).root.children.map((c: { type: string }) => c.type)).toEqual([
      'paragraph',
      'passage-quote',
      'paragraph',
    ]);
    expect(refsOf(nb.db, 2)).toEqual([`passage:${passage}`]);
    expect(listVersions(nb.db, 2).map((v) => v.title)).toEqual(['Existing']);
    deletePassage(nb.db, passage);
    expect(() => quoteInNote(nb.db, { noteId: 2, passageId: passage })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('offers sources and live notes by title words', () => {
    createNote(nb.db, { content: doc(p(t('Pakistan trip notes'))) });
    createNote(nb.db, { content: doc(p(t('Strike timeline'))) });
    expect(linkTargets(nb.db, 'pak', 5)).toMatchObject({
      sources: [{ sourceId: 1, title: 'Russia and Pakistan call themselves natural allies' }],
      notes: [{ noteId: 1, title: 'Pakistan trip notes' }],
    });
    const all = linkTargets(nb.db, '', 5);
    expect(all.sources.map((s) => s.sourceId)).toEqual([2, 1]);
    expect(all.notes).toHaveLength(2);
  });
});
