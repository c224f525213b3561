import type { Migration } from '../migrate';

/*
 * One live link of entity E to a passage of source S, counted in or out.
 * Only passages not in the trash count.
 */
const countIn = (e: string, s: string): string => /* sql */ `
  INSERT INTO entity_sources (entity_id, source_id, passages) VALUES (${e}, ${s}, 1)
    ON CONFLICT (entity_id, source_id) DO UPDATE SET passages = passages + 1;
  UPDATE entities SET passage_count = passage_count + 1,
    source_count = (SELECT count(*) FROM entity_sources WHERE entity_id = ${e})
  WHERE id = ${e};`;

const countOut = (e: string, s: string): string => /* sql */ `
  UPDATE entity_sources SET passages = passages - 1 WHERE entity_id = ${e} AND source_id = ${s};
  DELETE FROM entity_sources WHERE entity_id = ${e} AND source_id = ${s} AND passages <= 0;
  UPDATE entities SET passage_count = passage_count - 1,
    source_count = (SELECT count(*) FROM entity_sources WHERE entity_id = ${e})
  WHERE id = ${e};`;

const live = (passage: string): string =>
  `EXISTS (SELECT 1 FROM passages WHERE id = ${passage} AND deleted_at IS NULL)`;
const sourceOf = (passage: string): string => `(SELECT source_id FROM passages WHERE id = ${passage})`;

/** All links of one passage, counted out (the passage went to the trash or away). */
const passageOut = (p: string): string => /* sql */ `
  UPDATE entity_sources SET passages = passages - 1
  WHERE source_id = ${p}.source_id AND entity_id IN (SELECT entity_id FROM passage_entities WHERE passage_id = ${p}.id);
  DELETE FROM entity_sources
  WHERE source_id = ${p}.source_id AND passages <= 0
    AND entity_id IN (SELECT entity_id FROM passage_entities WHERE passage_id = ${p}.id);
  UPDATE entities SET passage_count = passage_count - 1,
    source_count = (SELECT count(*) FROM entity_sources WHERE entity_id = entities.id)
  WHERE id IN (SELECT entity_id FROM passage_entities WHERE passage_id = ${p}.id);`;

/**
 * Entity lists sort by passage and source counts and the entity page ranks
 * co-occurring entities by shared sources. Counted on every request, both scan
 * every link of every entity (a million links at 100,000 sources); kept by
 * triggers, a list is an ordinary sort of the entities table and co-occurrence
 * a join of (entity, source) pairs.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'entity passage and source counts',
  sql: /* sql */ `
ALTER TABLE entities ADD COLUMN passage_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN source_count INTEGER NOT NULL DEFAULT 0;

-- Live passages of each entity per source.
CREATE TABLE entity_sources (
  entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  passages INTEGER NOT NULL,
  PRIMARY KEY (entity_id, source_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX entity_sources_source ON entity_sources(source_id);

INSERT INTO entity_sources (entity_id, source_id, passages)
  SELECT pe.entity_id, p.source_id, count(*) FROM passage_entities pe JOIN passages p ON p.id = pe.passage_id
  WHERE p.deleted_at IS NULL GROUP BY pe.entity_id, p.source_id;
UPDATE entities SET
  passage_count = coalesce((SELECT sum(passages) FROM entity_sources WHERE entity_id = entities.id), 0),
  source_count = (SELECT count(*) FROM entity_sources WHERE entity_id = entities.id);

CREATE TRIGGER passage_entities_count_ai AFTER INSERT ON passage_entities
WHEN ${live('new.passage_id')}
BEGIN ${countIn('new.entity_id', sourceOf('new.passage_id'))}
END;

-- A passage deleted for good takes its links with it (ON DELETE CASCADE) after
-- it is gone: passages_count_bd has counted them out already, hence the WHEN.
CREATE TRIGGER passage_entities_count_ad AFTER DELETE ON passage_entities
WHEN ${live('old.passage_id')}
BEGIN ${countOut('old.entity_id', sourceOf('old.passage_id'))}
END;

CREATE TRIGGER passage_entities_count_au_old AFTER UPDATE OF passage_id, entity_id ON passage_entities
WHEN ${live('old.passage_id')}
BEGIN ${countOut('old.entity_id', sourceOf('old.passage_id'))}
END;
CREATE TRIGGER passage_entities_count_au_new AFTER UPDATE OF passage_id, entity_id ON passage_entities
WHEN ${live('new.passage_id')}
BEGIN ${countIn('new.entity_id', sourceOf('new.passage_id'))}
END;

CREATE TRIGGER passages_count_trashed AFTER UPDATE OF deleted_at ON passages
WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL
BEGIN ${passageOut('new')}
END;

CREATE TRIGGER passages_count_restored AFTER UPDATE OF deleted_at ON passages
WHEN old.deleted_at IS NOT NULL AND new.deleted_at IS NULL
BEGIN
  INSERT INTO entity_sources (entity_id, source_id, passages)
    SELECT entity_id, new.source_id, 1 FROM passage_entities WHERE passage_id = new.id AND true
    ON CONFLICT (entity_id, source_id) DO UPDATE SET passages = passages + 1;
  UPDATE entities SET passage_count = passage_count + 1,
    source_count = (SELECT count(*) FROM entity_sources WHERE entity_id = entities.id)
  WHERE id IN (SELECT entity_id FROM passage_entities WHERE passage_id = new.id);
END;

CREATE TRIGGER passages_count_bd BEFORE DELETE ON passages
WHEN old.deleted_at IS NULL
BEGIN ${passageOut('old')}
END;
`,
};
