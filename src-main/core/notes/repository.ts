import type { Database } from 'better-sqlite3';
import { foldForIndex } from '../search/fold';
import { stmt } from '../db/statements';
import { CasebookError } from '../errors';
import {
  appendQuote,
  applyPatch,
  collectRefs,
  deriveText,
  emptyContent,
  excerptOf,
  parseContent,
  type ContentRefs,
  type RefNames,
} from './content';
import { getVersion as readVersion, keepVersion, type NoteState } from './history';
import type {
  BacklinkTarget,
  EntityRefView,
  LinkTargets,
  Note,
  NoteBacklink,
  NotePage,
  NotePatch,
  NoteRefView,
  NoteSaved,
  NoteSummary,
  NoteVersion,
  PassageRefView,
  RefsResolution,
  SourceRefView,
} from './types';

/** A row of `notes` as stored. */
export interface DbNote {
  id: number;
  title: string;
  content: string;
  text: string;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

interface DbEntityRow {
  id: number;
  type: EntityRefView['type'];
  name: string;
  merged_into: number | null;
  deleted_at: string | null;
}

const toNote = (r: DbNote): Note => ({
  noteId: r.id,
  title: r.title,
  content: r.content,
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

function noteRow(db: Database, noteId: number): DbNote {
  const row = stmt(db, 'SELECT * FROM notes WHERE id = ?').get(noteId) as DbNote | undefined;
  if (!row) throw new CasebookError('not_found', `There is no note ${noteId} in this notebook.`);
  remember(db, row.id, row.revision, row.content);
  return row;
}

export function getNote(db: Database, noteId: number): Note {
  return toNote(noteRow(db, noteId));
}

/** Throws not_found for a note that does not exist; reads none of its content. */
export function requireNote(db: Database, noteId: number): void {
  noteHead(db, noteId);
}

/** What a save needs of the note's row; not its content, which may be megabytes. */
type DbNoteHead = Pick<DbNote, 'id' | 'title' | 'revision' | 'updated_at'> & { length: number };

function noteHead(db: Database, noteId: number): DbNoteHead {
  const row = stmt(db, 'SELECT id, title, revision, updated_at, length(text) AS length FROM notes WHERE id = ?').get(
    noteId,
  ) as DbNoteHead | undefined;
  if (!row) throw new CasebookError('not_found', `There is no note ${noteId} in this notebook.`);
  return row;
}

/**
 * The content of the notes being edited, by revision: a save of a long note
 * arrives every second as a small patch, and reading megabytes back from the
 * file each time to apply it would cost more than the rest of the save.
 * A revision names one content, so a cached one is never stale.
 */
const CACHED_NOTES = 8;
const contents = new WeakMap<Database, Map<number, { revision: number; content: string }>>();

function remember(db: Database, noteId: number, revision: number, content: string): void {
  let byNote = contents.get(db);
  if (!byNote) contents.set(db, (byNote = new Map()));
  byNote.delete(noteId);
  byNote.set(noteId, { revision, content });
  if (byNote.size > CACHED_NOTES) byNote.delete(byNote.keys().next().value!);
}

function contentAt(db: Database, noteId: number, revision: number): string {
  const cached = contents.get(db)?.get(noteId);
  if (cached && cached.revision === revision) return cached.content;
  const { content } = stmt(db, 'SELECT content FROM notes WHERE id = ?').get(noteId) as { content: string };
  remember(db, noteId, revision, content);
  return content;
}

/** Follows merges to the entity that survived them; the id itself when not merged. */
function entityRow(db: Database, entityId: number): DbEntityRow | undefined {
  let row = stmt(db, 'SELECT id, type, name, merged_into, deleted_at FROM entities WHERE id = ?').get(entityId) as
    DbEntityRow | undefined;
  // Bounded: a merge chain longer than this would be a cycle, which merges cannot make.
  for (let hops = 0; row && row.merged_into !== null && hops < 32; hops++) {
    row = stmt(db, 'SELECT id, type, name, merged_into, deleted_at FROM entities WHERE id = ?').get(row.merged_into) as
      DbEntityRow | undefined;
  }
  return row;
}

/** The current names of what a note (or dossier) cites, for its derived text; looked up once per save. */
export function namesFrom(db: Database): RefNames {
  const memo = <T>(fn: (id: number) => T): ((id: number) => T) => {
    const cache = new Map<number, T>();
    return (id) => {
      if (!cache.has(id)) cache.set(id, fn(id));
      return cache.get(id)!;
    };
  };
  return {
    entity: memo((id) => entityRow(db, id)?.name ?? ''),
    passage: memo(
      (id) =>
        (stmt(db, 'SELECT exact FROM passages WHERE id = ?').get(id) as { exact: string } | undefined)?.exact ?? '',
    ),
    source: memo(
      (id) =>
        (stmt(db, 'SELECT title FROM sources WHERE id = ?').get(id) as { title: string } | undefined)?.title ?? '',
    ),
    note: memo(
      (id) => (stmt(db, 'SELECT title FROM notes WHERE id = ?').get(id) as { title: string } | undefined)?.title ?? '',
    ),
  };
}

/**
 * Rewrites the note's (or dossier's) rows of the reference index from what its
 * content cites. Mentions of a merged entity count for the survivor (the entity
 * page lists what is there now); ids that name nothing in the notebook are not recorded.
 */
export function rebuildRefs(
  db: Database,
  ownerId: number,
  refs: ContentRefs,
  ownerKind: 'note' | 'dossier' = 'note',
): void {
  stmt(db, 'DELETE FROM refs WHERE owner_kind = ? AND owner_id = ?').run(ownerKind, ownerId);
  const insert = stmt(
    db,
    'INSERT OR IGNORE INTO refs (owner_kind, owner_id, target_kind, target_id) VALUES (?, ?, ?, ?)',
  );
  for (const id of refs.entities) {
    const row = entityRow(db, id);
    if (row) insert.run(ownerKind, ownerId, 'entity', row.id);
  }
  for (const id of refs.passages)
    if (stmt(db, 'SELECT 1 FROM passages WHERE id = ?').get(id)) insert.run(ownerKind, ownerId, 'passage', id);
  for (const id of refs.sources)
    if (stmt(db, 'SELECT 1 FROM sources WHERE id = ?').get(id)) insert.run(ownerKind, ownerId, 'source', id);
  for (const id of refs.notes) {
    const self = ownerKind === 'note' && id === ownerId;
    if (!self && stmt(db, 'SELECT 1 FROM notes WHERE id = ?').get(id)) insert.run(ownerKind, ownerId, 'note', id);
  }
}

/**
 * Derives title, text and references and writes them with the content and a
 * new revision. `before` is the state being replaced: kept as a version when
 * it was the last of an earlier minute (or always, with `keep`).
 */
function store(
  db: Database,
  noteId: number,
  content: string,
  before: NoteState | null,
  now: Date,
  keep = false,
): NoteSaved {
  const state = parseContent(content);
  const { text, title } = deriveText(state, namesFrom(db));
  const at = now.toISOString();
  const revision = (before?.revision ?? 0) + 1;
  if (before) keepVersion(db, before, now, keep);
  // Naming title or text in the SET re-indexes the note for search: only when they changed.
  const textChanged =
    !before ||
    before.length !== text.length ||
    (stmt(db, 'SELECT text FROM notes WHERE id = ?').get(noteId) as { text: string }).text !== text;
  if (textChanged || before.title !== title) {
    stmt(db, 'UPDATE notes SET content = ?, title = ?, text = ?, revision = ?, updated_at = ? WHERE id = ?').run(
      content,
      title,
      text,
      revision,
      at,
      noteId,
    );
  } else {
    stmt(db, 'UPDATE notes SET content = ?, revision = ?, updated_at = ? WHERE id = ?').run(
      content,
      revision,
      at,
      noteId,
    );
  }
  remember(db, noteId, revision, content);
  rebuildRefs(db, noteId, collectRefs(state));
  return { noteId, revision, title, updatedAt: at };
}

/** The note's current state, to be kept as a version when a save replaces it. */
function stateOf(db: Database, head: DbNoteHead): NoteState {
  return {
    noteId: head.id,
    revision: head.revision,
    title: head.title,
    content: contentAt(db, head.id, head.revision),
    length: head.length,
    savedAt: head.updated_at,
  };
}

export function createNote(db: Database, input: { content?: string } = {}, now = new Date()): Note {
  const content = input.content ?? emptyContent();
  parseContent(content);
  return db.transaction(() => {
    const at = now.toISOString();
    // Inserted empty, then stored like any save: one path derives text, refs and the first version.
    const { lastInsertRowid } = stmt(
      db,
      "INSERT INTO notes (title, content, text, revision, created_at, updated_at) VALUES ('', ?, '', 1, ?, ?)",
    ).run(content, at, at);
    const noteId = Number(lastInsertRowid);
    // Stored over the empty row: derives text and references; the empty row is no version.
    store(db, noteId, content, null, now);
    return getNote(db, noteId);
  })();
}

export interface SaveInput {
  noteId: number;
  /** The revision the editor's copy was loaded or last saved at. */
  revision: number;
  content?: string;
  patch?: NotePatch;
}

/**
 * Saves an editor's copy. It must be based on the revision stored now: a copy
 * based on an older one (another window saved, a version was restored) is
 * refused, so nothing newer is overwritten without the analyst choosing to.
 */
export function saveNote(db: Database, input: SaveInput, now = new Date()): NoteSaved {
  if ((input.content === undefined) === (input.patch === undefined))
    throw new CasebookError('invalid_input', 'A note save carries either the content or a patch, not both.');
  return db.transaction(() => {
    const head = noteHead(db, input.noteId);
    if (head.revision !== input.revision) {
      throw new CasebookError(
        'conflict',
        `Note ${input.noteId} was changed elsewhere (it is at revision ${head.revision}, this copy is from revision ${input.revision}). Reload it to see those changes.`,
      );
    }
    const before = stateOf(db, head);
    const content = input.patch ? applyPatch(before.content, input.patch) : input.content!;
    return store(db, head.id, content, before, now);
  })();
}

/** Puts a version's content back as the newest revision (the replaced text stays in the history). */
export function restoreVersion(db: Database, noteId: number, versionId: number, now = new Date()): Note {
  return db.transaction(() => {
    const version = getVersion(db, versionId);
    if (version.noteId !== noteId)
      throw new CasebookError('invalid_input', `Version ${versionId} belongs to another note, not note ${noteId}.`);
    store(db, noteId, version.content, stateOf(db, noteHead(db, noteId)), now, true);
    return getNote(db, noteId);
  })();
}

/** "Quote in note": adds a passage quote at the end of a note, or of a new note when none is named. */
export function quoteInNote(db: Database, input: { noteId?: number; passageId: number }, now = new Date()): NoteSaved {
  return db.transaction(() => {
    const passage = stmt(db, 'SELECT id, deleted_at FROM passages WHERE id = ?').get(input.passageId) as
      { id: number; deleted_at: string | null } | undefined;
    if (!passage || passage.deleted_at !== null)
      throw new CasebookError('not_found', `There is no passage ${input.passageId} in this notebook.`);
    if (input.noteId === undefined) {
      const note = createNote(db, { content: appendQuote(emptyContent(), input.passageId) }, now);
      return { noteId: note.noteId, revision: note.revision, title: note.title, updatedAt: note.updatedAt };
    }
    // A change made from outside the editor keeps what it replaced, however recent.
    const before = stateOf(db, noteHead(db, input.noteId));
    return store(db, before.noteId, appendQuote(before.content, input.passageId), before, now, true);
  })();
}

/** A saved version, its text derived with the names things have now. */
export function getVersion(db: Database, versionId: number): NoteVersion {
  return readVersion(db, versionId, namesFrom(db));
}

/** To the trash: hidden from lists and backlinks, kept whole until restored. */
export function deleteNote(db: Database, noteId: number, now = new Date()): Note {
  noteHead(db, noteId);
  stmt(db, 'UPDATE notes SET deleted_at = coalesce(deleted_at, ?) WHERE id = ?').run(now.toISOString(), noteId);
  return getNote(db, noteId);
}

export function restoreNote(db: Database, noteId: number): Note {
  noteHead(db, noteId);
  stmt(db, 'UPDATE notes SET deleted_at = NULL WHERE id = ?').run(noteId);
  return getNote(db, noteId);
}

/**
 * An FTS5 query from what the analyst typed: every word must match, the last
 * one as a prefix (the list narrows while typing). Words are quoted, so
 * FTS5's operators and column filters in the input are just text.
 */
export function ftsQuery(input: string): string | null {
  const words = input.match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

type DbNoteSummary = Pick<DbNote, 'id' | 'title' | 'text' | 'updated_at' | 'deleted_at'>;

const toSummary = (r: DbNoteSummary): NoteSummary => ({
  noteId: r.id,
  title: r.title,
  excerpt: excerptOf(r.text),
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

/** Most recently edited first; with a query, best match first. */
export function listNotes(
  db: Database,
  opts: { query?: string; trash?: boolean; offset: number; limit: number },
): NotePage {
  const trashed = opts.trash ? 'n.deleted_at IS NOT NULL' : 'n.deleted_at IS NULL';
  const match = opts.query !== undefined ? ftsQuery(opts.query) : null;
  if (match) {
    const from = `FROM notes_fts f JOIN notes n ON n.id = f.rowid WHERE notes_fts MATCH ? AND ${trashed}`;
    const total = (stmt(db, `SELECT count(*) AS n ${from}`).get(match) as { n: number }).n;
    const rows = stmt(
      db,
      `SELECT n.id, n.title, substr(n.text, 1, 400) AS text, n.updated_at, n.deleted_at ${from}
       ORDER BY rank LIMIT ? OFFSET ?`,
    ).all(match, opts.limit, opts.offset) as DbNoteSummary[];
    return { total, offset: opts.offset, items: rows.map(toSummary) };
  }
  const total = (stmt(db, `SELECT count(*) AS n FROM notes n WHERE ${trashed}`).get() as { n: number }).n;
  const rows = stmt(
    db,
    `SELECT n.id, n.title, substr(n.text, 1, 400) AS text, n.updated_at, n.deleted_at FROM notes n
     WHERE ${trashed} ORDER BY n.updated_at DESC, n.id DESC LIMIT ? OFFSET ?`,
  ).all(opts.limit, opts.offset) as DbNoteSummary[];
  return { total, offset: opts.offset, items: rows.map(toSummary) };
}

/**
 * Live notes that cite a target: an entity (mentions), a passage (quotes), a
 * source (links to it and quotes of its passages) or a note ("linked from").
 */
export function backlinks(db: Database, kind: BacklinkTarget, id: number): NoteBacklink[] {
  const owners =
    kind === 'source'
      ? `SELECT owner_id FROM refs WHERE owner_kind = 'note' AND target_kind = 'source' AND target_id = @id
         UNION SELECT r.owner_id FROM refs r JOIN passages p ON p.id = r.target_id
         WHERE r.owner_kind = 'note' AND r.target_kind = 'passage' AND p.source_id = @id AND p.deleted_at IS NULL`
      : `SELECT owner_id FROM refs WHERE owner_kind = 'note' AND target_kind = '${kind}' AND target_id = @id`;
  const rows = stmt(
    db,
    `SELECT id, title, updated_at FROM notes WHERE id IN (${owners}) AND deleted_at IS NULL
     ORDER BY updated_at DESC, id DESC`,
  ).all({ id }) as Array<Pick<DbNote, 'id' | 'title' | 'updated_at'>>;
  return rows.map((r) => ({ noteId: r.id, title: r.title, updatedAt: r.updated_at }));
}

/** How mentions, quotes and links show now: names after renames and merges, passages after deletes. */
export function resolveRefs(
  db: Database,
  ids: { entityIds: number[]; passageIds: number[]; sourceIds: number[]; noteIds: number[] },
): RefsResolution {
  const entities = ids.entityIds.map((entityId): EntityRefView => {
    const row = entityRow(db, entityId);
    if (!row) return { entityId, resolvedId: entityId, status: 'missing', type: null, name: 'Unknown entity' };
    return {
      entityId,
      resolvedId: row.id,
      status: row.deleted_at ? 'trashed' : 'ok',
      type: row.type,
      name: row.name,
    };
  });
  const passages = ids.passageIds.map((passageId): PassageRefView => {
    const row = stmt(
      db,
      `SELECT p.source_id, p.exact, p.page, p.status, p.deleted_at, s.title, s.published_at
       FROM passages p JOIN sources s ON s.id = p.source_id WHERE p.id = ?`,
    ).get(passageId) as
      | {
          source_id: number;
          exact: string;
          page: number | null;
          status: 'anchored' | 'orphan';
          deleted_at: string | null;
          title: string;
          published_at: string | null;
        }
      | undefined;
    if (!row)
      return {
        passageId,
        status: 'missing',
        sourceId: null,
        exact: '',
        page: null,
        orphan: false,
        sourceTitle: '',
        sourcePublishedAt: null,
      };
    return {
      passageId,
      status: row.deleted_at ? 'deleted' : 'ok',
      sourceId: row.source_id,
      exact: row.exact,
      page: row.page,
      orphan: row.status === 'orphan',
      sourceTitle: row.title,
      sourcePublishedAt: row.published_at,
    };
  });
  const sources = ids.sourceIds.map((sourceId): SourceRefView => {
    const row = stmt(db, 'SELECT title, published_at FROM sources WHERE id = ?').get(sourceId) as
      { title: string; published_at: string | null } | undefined;
    return row
      ? { sourceId, status: 'ok', title: row.title, publishedAt: row.published_at }
      : { sourceId, status: 'missing', title: 'Missing source', publishedAt: null };
  });
  const notes = ids.noteIds.map((noteId): NoteRefView => {
    const row = stmt(db, 'SELECT title, deleted_at FROM notes WHERE id = ?').get(noteId) as
      { title: string; deleted_at: string | null } | undefined;
    return row
      ? { noteId, status: row.deleted_at ? 'trashed' : 'ok', title: row.title }
      : { noteId, status: 'missing', title: 'Missing note' };
  });
  return { entities, passages, sources, notes };
}

/** Sources (by title) and live notes (by title) for the `[[` link typeahead; the newest when the query is empty. */
export function linkTargets(db: Database, query: string, limit: number): LinkTargets {
  const match = ftsQuery(query);
  // The sources' index holds folded text (see search/fold.ts); the notes' index does not.
  const sourceMatch = ftsQuery(foldForIndex(query));
  const sources = (
    sourceMatch
      ? stmt(
          db,
          `SELECT s.id, s.title, s.published_at FROM sources_fts f JOIN sources s ON s.id = f.rowid
           WHERE sources_fts MATCH ? ORDER BY rank LIMIT ?`,
        ).all(`title : (${sourceMatch})`, limit)
      : stmt(db, 'SELECT id, title, published_at FROM sources ORDER BY id DESC LIMIT ?').all(limit)
  ) as Array<{ id: number; title: string; published_at: string | null }>;
  const notes = (
    match
      ? stmt(
          db,
          `SELECT n.id, n.title, n.updated_at FROM notes_fts f JOIN notes n ON n.id = f.rowid
           WHERE notes_fts MATCH ? AND n.deleted_at IS NULL ORDER BY rank LIMIT ?`,
        ).all(`title : (${sourceMatch})`, limit)
      : stmt(
          db,
          'SELECT id, title, updated_at FROM notes WHERE deleted_at IS NULL ORDER BY updated_at DESC LIMIT ?',
        ).all(limit)
  ) as Array<{ id: number; title: string; updated_at: string }>;
  return {
    sources: sources.map((s) => ({ sourceId: s.id, title: s.title, publishedAt: s.published_at })),
    notes: notes.map((n) => ({ noteId: n.id, title: n.title, updatedAt: n.updated_at })),
  };
}
