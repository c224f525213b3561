import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import { CasebookError } from '../errors';
import { deriveText, parseContent, type RefNames } from './content';
import type { NoteVersion, NoteVersionSummary } from './types';

/** A row of `note_versions` as stored. */
export interface DbNoteVersion {
  id: number;
  note_id: number;
  revision: number;
  title: string;
  content: string;
  length: number;
  saved_at: string;
}

/** The state of a note about to be replaced, as its row holds it. */
export interface NoteState {
  noteId: number;
  revision: number;
  title: string;
  content: string;
  length: number;
  savedAt: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long a version stands for itself as it ages. Autosave writes every
 * second or so while the analyst types; keeping each of those would fill the
 * file with near-identical copies of a long note. So: the last state of every
 * minute for the last hour, of every hour for the last day, of every day after.
 */
export function bucketOf(savedAt: number, now: number): string {
  const age = now - savedAt;
  if (age < HOUR) return `m${Math.floor(savedAt / MINUTE)}`;
  if (age < DAY) return `h${Math.floor(savedAt / HOUR)}`;
  return `d${Math.floor(savedAt / DAY)}`;
}

/**
 * Called before a save replaces the note's state: when that state was saved
 * in an earlier minute, it is the last of its minute and becomes a version
 * (saves within one minute replace each other, as the minute is not over).
 * `force` keeps it whatever its time (a restore replaces it on purpose).
 */
export function keepVersion(db: Database, state: NoteState, now: Date, force = false): void {
  const t = now.getTime();
  if (!force && bucketOf(Date.parse(state.savedAt), t) === bucketOf(t, t)) return;
  stmt(
    db,
    'INSERT INTO note_versions (note_id, revision, title, content, length, saved_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(state.noteId, state.revision, state.title, state.content, state.length, state.savedAt);
  thinVersions(db, state.noteId, now);
}

/** Keeps the newest version of each bucket. */
export function thinVersions(db: Database, noteId: number, now: Date): number {
  const rows = stmt(db, 'SELECT id, saved_at FROM note_versions WHERE note_id = ? ORDER BY saved_at DESC, id DESC').all(
    noteId,
  ) as Array<Pick<DbNoteVersion, 'id' | 'saved_at'>>;
  const seen = new Set<string>();
  let removed = 0;
  for (const row of rows) {
    const bucket = bucketOf(Date.parse(row.saved_at), now.getTime());
    if (!seen.has(bucket)) {
      seen.add(bucket);
      continue;
    }
    stmt(db, 'DELETE FROM note_versions WHERE id = ?').run(row.id);
    removed++;
  }
  return removed;
}

const summary = (r: Omit<DbNoteVersion, 'content'>): NoteVersionSummary => ({
  versionId: r.id,
  revision: r.revision,
  title: r.title,
  savedAt: r.saved_at,
  length: r.length,
});

/** Earlier versions, newest first (the note itself is the current one). */
export function listVersions(db: Database, noteId: number): NoteVersionSummary[] {
  const rows = stmt(
    db,
    `SELECT id, note_id, revision, title, length, saved_at
     FROM note_versions WHERE note_id = ? ORDER BY saved_at DESC, id DESC`,
  ).all(noteId) as Array<Omit<DbNoteVersion, 'content'>>;
  return rows.map(summary);
}

/** A version with its content and its text (mentions and quotes read as they are named now). */
export function getVersion(db: Database, versionId: number, names: RefNames): NoteVersion {
  const row = stmt(db, 'SELECT * FROM note_versions WHERE id = ?').get(versionId) as DbNoteVersion | undefined;
  if (!row) throw new CasebookError('not_found', `There is no note version ${versionId} in this notebook.`);
  return {
    ...summary(row),
    noteId: row.note_id,
    content: row.content,
    text: deriveText(parseContent(row.content), names).text,
  };
}
