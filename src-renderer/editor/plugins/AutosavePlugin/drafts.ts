/**
 * The last resort of "never lose a keystroke": when a page closes with edits
 * that may not have reached the notebook (a save refused or too big to send
 * while closing), they are kept in the page's local storage and offered back
 * the next time the note opens.
 */
export interface Draft {
  /** The revision the edits were made on. */
  revision: number;
  content: string;
  savedAt: string;
}

const key = (noteId: number): string => `casebook.note-draft.${noteId}`;

export function writeDraft(noteId: number, draft: Draft): void {
  try {
    localStorage.setItem(key(noteId), JSON.stringify(draft));
  } catch {
    // Storage full or unavailable: the save request is all there is.
  }
}

export function clearDraft(noteId: number): void {
  try {
    localStorage.removeItem(key(noteId));
  } catch {
    // Nothing to clear.
  }
}

export function readDraft(noteId: number): Draft | null {
  try {
    const raw = localStorage.getItem(key(noteId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    return typeof d.revision === 'number' && typeof d.content === 'string' && typeof d.savedAt === 'string'
      ? (d as Draft)
      : null;
  } catch {
    return null;
  }
}

/**
 * What to do with a draft left for a note loaded at `revision` with `content`:
 * nothing (it was saved after all), apply it (nobody saved since it was made),
 * or offer it (the note changed since; the analyst decides).
 */
export function draftAction(
  noteId: number,
  note: { revision: number; content: string },
): { action: 'apply' | 'offer'; draft: Draft } | null {
  const draft = readDraft(noteId);
  if (!draft) return null;
  if (draft.content === note.content) {
    clearDraft(noteId);
    return null;
  }
  return { action: draft.revision === note.revision ? 'apply' : 'offer', draft };
}
