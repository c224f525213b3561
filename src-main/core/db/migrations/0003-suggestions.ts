import type { Migration } from '../migrate';

/**
 * The suggestions inbox: a re-scan never adds a second pending copy of a
 * mention, rejections are remembered by text (for a known entity, or for a
 * type of new one), and a counter moves whenever names or aliases change so
 * the compiled name matcher is rebuilt only then.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'suggestion rejections, pending uniqueness, entity-name version',
  sql: /* sql */ `
CREATE UNIQUE INDEX suggestions_pending ON suggestions(source_id, start, "end", ifnull(entity_id, 0), ifnull(proposed_type, ''))
  WHERE status = 'pending';
CREATE INDEX suggestions_entity ON suggestions(entity_id, status);
CREATE INDEX suggestions_status ON suggestions(status, source_id, start);
-- Covered by the two above (a source's pending ones by the first): one index less to write per suggestion.
DROP INDEX suggestions_source;

CREATE TABLE suggestion_rejections (
  id INTEGER PRIMARY KEY,
  entity_id INTEGER REFERENCES entities(id) ON DELETE CASCADE,  -- a known entity's mention, or
  proposed_type TEXT,                                            -- NER's proposal of this type
  text_key TEXT NOT NULL,           -- the mention's text, folded (case, accents, spaces)
  created_at TEXT NOT NULL,
  CHECK ((entity_id IS NULL) <> (proposed_type IS NULL))
) STRICT;
CREATE UNIQUE INDEX suggestion_rejections_key
  ON suggestion_rejections(ifnull(entity_id, 0), ifnull(proposed_type, ''), text_key);

CREATE TABLE entity_names_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
) STRICT;
INSERT INTO entity_names_version (id, version) VALUES (1, 0);
CREATE TRIGGER entity_names_version_ei AFTER INSERT ON entities BEGIN
  UPDATE entity_names_version SET version = version + 1;
END;
CREATE TRIGGER entity_names_version_eu AFTER UPDATE OF type, name, aliases_text, merged_into, deleted_at ON entities BEGIN
  UPDATE entity_names_version SET version = version + 1;
END;
CREATE TRIGGER entity_names_version_ed AFTER DELETE ON entities BEGIN
  UPDATE entity_names_version SET version = version + 1;
END;
`,
};
