import type { Migration } from '../migrate';

/**
 * Notes get a revision, so a save made from a stale copy is refused instead of
 * silently overwriting newer text, and a history of versions, thinned as they
 * age (see core/notes/history.ts).
 */
export const migration0006: Migration = {
  version: 6,
  name: 'note revisions and history',
  sql: /* sql */ `
ALTER TABLE notes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- The notes list: live notes, most recently edited first.
CREATE INDEX notes_updated ON notes(deleted_at, updated_at DESC);

-- Earlier states of a note (its current state is the notes row): each one as
-- it stood when it was last saved, written when a later save starts a new minute.
CREATE TABLE note_versions (
  id INTEGER PRIMARY KEY,
  note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,        -- the note's revision this version holds
  title TEXT NOT NULL,
  content TEXT NOT NULL,            -- Lexical editor state, JSON, as saved
  length INTEGER NOT NULL,          -- characters of derived text, to tell versions apart
  saved_at TEXT NOT NULL
) STRICT;
CREATE INDEX note_versions_note ON note_versions(note_id, saved_at DESC);
`,
};
