import { api, ApiError } from '../../api/client';
import { flushAllNotes } from '../../editor/plugins/AutosavePlugin/registry';
import { navigate } from '../route';
import { lastOpenNote, rememberOpenNote } from './lastNote';

/**
 * "Quote in note" for the reader: adds the passage as a quote at the end of
 * a note and opens that note. `into` is a note id, 'last' (the note last open
 * in the editor, or a new one when there is none or it is in the trash) or
 * 'new'. Edits still being saved are saved first, so the quote never races
 * them. Resolves with the note's id; rejects with the core's error (e.g. the
 * passage was deleted).
 */
export async function quoteInNote(passageId: number, into: number | 'last' | 'new' = 'last'): Promise<number> {
  await flushAllNotes();
  let noteId: number | undefined = into === 'new' ? undefined : into === 'last' ? (lastOpenNote() ?? undefined) : into;
  if (noteId !== undefined) {
    try {
      const note = await api['notes.get']({ noteId });
      if (note.deletedAt !== null) noteId = undefined;
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'not_found')) throw err;
      noteId = undefined;
    }
  }
  const saved = await api['notes.quotePassage']({ noteId, passageId });
  rememberOpenNote(saved.noteId);
  navigate({ name: 'notes', noteId: saved.noteId });
  return saved.noteId;
}

/** The title of the note a quote would go to now, for the button's label; null: a new note. */
export async function quoteTargetTitle(): Promise<string | null> {
  const noteId = lastOpenNote();
  if (noteId === null) return null;
  try {
    const note = await api['notes.get']({ noteId });
    return note.deletedAt === null ? note.title || 'Untitled note' : null;
  } catch {
    return null;
  }
}
