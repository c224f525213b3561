import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notebook } from '../../../src-main/core/db/notebook';
import { bucketOf, listVersions } from '../../../src-main/core/notes/history';
import { createNote, getNote, getVersion, restoreVersion, saveNote } from '../../../src-main/core/notes/repository';
import { useTempDirs } from '../../support/tmp';
import { addEntity, doc, mention, notebookWithSources, p, refsOf, t } from './build';

const tempDir = useTempDirs();
let nb: Notebook;
beforeEach(() => {
  nb = notebookWithSources(tempDir());
});
afterEach(() => nb.close());

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.parse('2025-07-01T00:00:00.000Z');

/** Saves "v<n>" at a given time, on top of whatever is there. */
function saveAt(noteId: number, text: string, at: number): void {
  saveNote(nb.db, { noteId, revision: getNote(nb.db, noteId).revision, content: doc(p(t(text))) }, new Date(at));
}

describe('note history', () => {
  it('keeps one version per minute while typing: the last state of each earlier minute', () => {
    const { noteId } = createNote(nb.db, {}, new Date(T0));
    for (let s = 1; s <= 50; s++) saveAt(noteId, `v${s}`, T0 + s * SECOND);
    // Saves within the note's first minute replace each other: no version yet.
    expect(listVersions(nb.db, noteId)).toEqual([]);
    saveAt(noteId, 'next minute', T0 + MINUTE + 5 * SECOND);
    const versions = listVersions(nb.db, noteId);
    expect(versions.map((v) => [v.title, v.revision, v.savedAt])).toEqual([
      ['v50', 51, new Date(T0 + 50 * SECOND).toISOString()],
    ]);
    expect(getNote(nb.db, noteId)).toMatchObject({ title: 'next minute', revision: 52 });
  });

  it('thins older versions to one per hour for a day, then one per day', () => {
    const { noteId } = createNote(nb.db, {}, new Date(T0));
    // A save every 10 minutes for three days.
    for (let m = 10; m <= 3 * 24 * 60; m += 10) saveAt(noteId, `at ${m} min`, T0 + m * MINUTE);
    const now = T0 + 3 * DAY;
    const versions = listVersions(nb.db, noteId);
    const ages = versions.map((v) => now - Date.parse(v.savedAt));
    const lastHour = ages.filter((a) => a < HOUR);
    const lastDay = ages.filter((a) => a >= HOUR && a < DAY);
    const older = ages.filter((a) => a >= DAY);
    // The note itself is the state saved now; versions are the states before it.
    expect(lastHour).toHaveLength(5);
    // One per hour bucket that is fully older than an hour: at most 24.
    expect(lastDay.length).toBeGreaterThanOrEqual(22);
    expect(lastDay.length).toBeLessThanOrEqual(24);
    expect(
      new Set(
        versions.filter((v) => now - Date.parse(v.savedAt) >= HOUR).map((v) => bucketOf(Date.parse(v.savedAt), now)),
      ).size,
    ).toBe(versions.length - lastHour.length);
    // Three calendar days touched beyond the last day, at most one version each.
    expect(older.length).toBeGreaterThanOrEqual(2);
    expect(older.length).toBeLessThanOrEqual(3);
    expect(versions[0]!.title).toBe(`at ${3 * 24 * 60 - 10} min`);
    expect(versions.length).toBeLessThan(40);
  });

  it('restores a version as the newest revision, with its references, keeping the replaced text', () => {
    const overchuk = addEntity(nb.db, 'Alexei Overchuk');
    const { noteId } = createNote(nb.db, {}, new Date(T0));
    saveAt(noteId, 'first draft', T0 + MINUTE);
    saveNote(
      nb.db,
      { noteId, revision: 2, content: doc(p(t('second draft with '), mention(overchuk))) },
      new Date(T0 + 2 * MINUTE),
    );
    expect(refsOf(nb.db, noteId)).toEqual([`entity:${overchuk}`]);
    const first = listVersions(nb.db, noteId).find((v) => v.title === 'first draft')!;
    expect(getVersion(nb.db, first.versionId)).toMatchObject({ noteId, text: 'first draft', revision: 2 });

    const restored = restoreVersion(nb.db, noteId, first.versionId, new Date(T0 + 2 * MINUTE + 10 * SECOND));
    expect(restored).toMatchObject({ revision: 4, title: 'first draft' });
    expect(restored.content).toBe(doc(p(t('first draft'))));
    expect(refsOf(nb.db, noteId)).toEqual([]);
    // What the restore replaced is kept, though it was saved in the same minute.
    expect(listVersions(nb.db, noteId).map((v) => v.title)).toEqual([
      'second draft with Alexei Overchuk',
      'first draft',
      '',
    ]);
    // An editor still holding revision 3 cannot overwrite the restore unknowingly.
    expect(() => saveNote(nb.db, { noteId, revision: 3, content: doc(p(t('stale'))) })).toThrow(/changed elsewhere/);
  });

  it('refuses a version of another note', () => {
    const a = createNote(nb.db).noteId;
    const b = createNote(nb.db).noteId;
    saveAt(b, 'later', Date.now() + 2 * MINUTE);
    const versionOfB = listVersions(nb.db, b)[0]!.versionId;
    expect(() => restoreVersion(nb.db, a, versionOfB)).toThrow(/belongs to another note/);
    expect(() => getVersion(nb.db, 999)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
