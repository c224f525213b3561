import type { Migration } from '../migrate';

/**
 * The data model of DESIGN.md. Offsets (`start`, `end`) are UTF-16 code unit
 * offsets into `sources.text`, which is what JavaScript strings index by.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial data model',
  sql: /* sql */ `
CREATE TABLE blobs (
  hash TEXT PRIMARY KEY,            -- sha256 of bytes, hex
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL
) STRICT;

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  byline TEXT,
  published_at TEXT,                -- YYYY-MM-DD
  url TEXT,
  lang TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('txt', 'md', 'html', 'pdf', 'docx')),
  file_name TEXT,
  blob_hash TEXT REFERENCES blobs(hash),
  extractor TEXT NOT NULL,          -- extractor name and version that produced text
  text TEXT NOT NULL,               -- canonical normalized plain text, immutable
  content_hash TEXT NOT NULL UNIQUE,
  near_duplicate_of INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  imported_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX sources_published ON sources(published_at);

CREATE TRIGGER sources_text_immutable BEFORE UPDATE OF text, content_hash ON sources
WHEN NEW.text IS NOT OLD.text OR NEW.content_hash IS NOT OLD.content_hash
BEGIN
  SELECT RAISE(ABORT, 'source text is immutable');
END;

CREATE TABLE passages (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  start INTEGER NOT NULL CHECK (start >= 0),
  "end" INTEGER NOT NULL CHECK ("end" > start),
  exact TEXT NOT NULL,
  prefix TEXT NOT NULL DEFAULT '',
  suffix TEXT NOT NULL DEFAULT '',
  page INTEGER,
  comment TEXT,
  status TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored', 'orphan')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX passages_source ON passages(source_id, start);

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('Person', 'Organization', 'Place', 'Event', 'Other')),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  date_start TEXT,
  date_end TEXT,
  aliases_text TEXT NOT NULL DEFAULT '',  -- derived from entity_aliases, for search
  merged_into INTEGER REFERENCES entities(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

CREATE TABLE entity_aliases (
  id INTEGER PRIMARY KEY,
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  UNIQUE (entity_id, alias)
) STRICT;

CREATE TABLE passage_entities (
  passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  role TEXT,
  PRIMARY KEY (passage_id, entity_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX passage_entities_entity ON passage_entities(entity_id);

CREATE TABLE entity_merges (
  id INTEGER PRIMARY KEY,
  survivor_id INTEGER NOT NULL REFERENCES entities(id),
  merged_id INTEGER NOT NULL REFERENCES entities(id),
  undo TEXT NOT NULL,               -- JSON: what moved, so the merge can be undone
  merged_at TEXT NOT NULL,
  undone_at TEXT
) STRICT;

CREATE TABLE entity_distinct (
  a_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  b_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  CHECK (a_id < b_id),
  PRIMARY KEY (a_id, b_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE suggestions (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  exact TEXT NOT NULL,
  entity_id INTEGER REFERENCES entities(id) ON DELETE CASCADE,  -- known entity, or NULL for a new one
  proposed_name TEXT,
  proposed_type TEXT,
  origin TEXT NOT NULL CHECK (origin IN ('name', 'ner')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX suggestions_source ON suggestions(source_id, status);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL,            -- Lexical editor state, JSON
  text TEXT NOT NULL DEFAULT '',    -- derived plain text
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;

CREATE TABLE dossiers (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  subject_entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
  classification TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;

-- Derived on save of a note or dossier: what it cites, for backlinks.
CREATE TABLE refs (
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('note', 'dossier')),
  owner_id INTEGER NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('entity', 'passage', 'source', 'note')),
  target_id INTEGER NOT NULL,
  PRIMARY KEY (owner_kind, owner_id, target_kind, target_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX refs_target ON refs(target_kind, target_id);

-- Full-text search: external-content FTS5 tables kept in step by triggers.
CREATE VIRTUAL TABLE sources_fts USING fts5(
  title, text, content='sources', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER sources_fts_ai AFTER INSERT ON sources BEGIN
  INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER sources_fts_ad AFTER DELETE ON sources BEGIN
  INSERT INTO sources_fts(sources_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER sources_fts_au AFTER UPDATE OF title, text ON sources BEGIN
  INSERT INTO sources_fts(sources_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE notes_fts USING fts5(
  title, text, content='notes', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER notes_fts_ai AFTER INSERT ON notes BEGIN
  INSERT INTO notes_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER notes_fts_ad AFTER DELETE ON notes BEGIN
  INSERT INTO notes_fts(notes_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER notes_fts_au AFTER UPDATE OF title, text ON notes BEGIN
  INSERT INTO notes_fts(notes_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO notes_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE entities_fts USING fts5(
  name, aliases_text, description, content='entities', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER entities_fts_ai AFTER INSERT ON entities BEGIN
  INSERT INTO entities_fts(rowid, name, aliases_text, description)
  VALUES (new.id, new.name, new.aliases_text, new.description);
END;
CREATE TRIGGER entities_fts_ad AFTER DELETE ON entities BEGIN
  INSERT INTO entities_fts(entities_fts, rowid, name, aliases_text, description)
  VALUES ('delete', old.id, old.name, old.aliases_text, old.description);
END;
CREATE TRIGGER entities_fts_au AFTER UPDATE OF name, aliases_text, description ON entities BEGIN
  INSERT INTO entities_fts(entities_fts, rowid, name, aliases_text, description)
  VALUES ('delete', old.id, old.name, old.aliases_text, old.description);
  INSERT INTO entities_fts(rowid, name, aliases_text, description)
  VALUES (new.id, new.name, new.aliases_text, new.description);
END;

-- Aliases are searchable through the entity row they belong to.
CREATE TRIGGER entity_aliases_ai AFTER INSERT ON entity_aliases BEGIN
  UPDATE entities SET aliases_text =
    (SELECT coalesce(group_concat(alias, ' | '), '') FROM entity_aliases WHERE entity_id = new.entity_id)
  WHERE id = new.entity_id;
END;
CREATE TRIGGER entity_aliases_ad AFTER DELETE ON entity_aliases BEGIN
  UPDATE entities SET aliases_text =
    (SELECT coalesce(group_concat(alias, ' | '), '') FROM entity_aliases WHERE entity_id = old.entity_id)
  WHERE id = old.entity_id;
END;
CREATE TRIGGER entity_aliases_au AFTER UPDATE ON entity_aliases BEGIN
  UPDATE entities SET aliases_text =
    (SELECT coalesce(group_concat(alias, ' | '), '') FROM entity_aliases WHERE entity_id = old.entity_id)
  WHERE id = old.entity_id;
  UPDATE entities SET aliases_text =
    (SELECT coalesce(group_concat(alias, ' | '), '') FROM entity_aliases WHERE entity_id = new.entity_id)
  WHERE id = new.entity_id;
END;
`,
};
