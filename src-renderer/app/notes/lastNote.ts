const KEY = 'casebook.last-note';

/** The note last open in the editor: where "Quote in note" adds a quote. */
export function lastOpenNote(): number | null {
  try {
    const n = Number(localStorage.getItem(KEY));
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

export function rememberOpenNote(noteId: number | null): void {
  try {
    if (noteId === null) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, String(noteId));
  } catch {
    // Without storage the next quote goes to a new note.
  }
}
