import type { Migration } from '../migrate';
import { FOLD_GUARD, SOURCE_FACETS, UNSPACED_GLOB, foldExpr } from './0005-search';

/*
 * Import speed. Migration 0005's triggers scan each new source's whole text
 * twice with GLOB character classes (is there anything to fold? is it in a
 * script written without spaces?), and that cost more than the full-text
 * indexing itself. A source's text never changes, so the importer now answers
 * both questions once, off the database thread, into `text_flags`; the
 * triggers read the flags and only fall back to the scan for rows without
 * them (NULL), so the index holds exactly what it held before and nothing
 * needs re-indexing. The indexes' content views (0005; FTS5 reserves their
 * names, so they stay) still scan: they serve rebuilds and integrity checks,
 * which therefore also catch a row whose flags were wrong. Titles can be
 * edited and are short: they keep the scan.
 *
 *   text_flags & 1: the text has characters the index folds (0005's lists)
 *   text_flags & 2: the text has characters of an unspaced script
 */

const textFolds = (row: string): string => `coalesce(${row}.text_flags & 1, ${row}.text GLOB '*${FOLD_GUARD}*')`;
const textUnspaced = (row: string): string => `coalesce(${row}.text_flags & 2, ${row}.text GLOB ${UNSPACED_GLOB})`;
const foldedText = (row: string): string =>
  `CASE WHEN ${textFolds(row)} THEN ${foldExpr(`${row}.text`)} ELSE ${row}.text END`;
const unspaced = (row: string): string => `(coalesce(${row}.title, '') GLOB ${UNSPACED_GLOB} OR ${textUnspaced(row)})`;

/** The folded title, text and facets of `row`, as 0005 indexed them; `pad` for the trigram index. */
const values = (row: string, pad: boolean): string => {
  const p = (e: string): string => (pad ? `${e} || '  '` : e);
  return [p(foldTitle(row)), p(foldedText(row)), SOURCE_FACETS(row)].join(', ');
};
const foldTitle = (row: string): string =>
  `CASE WHEN ${row}.title GLOB '*${FOLD_GUARD}*' THEN ${foldExpr(`${row}.title`)} ELSE ${row}.title END`;

const insert = (row: string): string => `
  INSERT INTO sources_fts(rowid, title, text, facets) VALUES (${row}.id, ${values(row, false)});
  INSERT INTO sources_fts_cjk(rowid, title, text, facets) SELECT ${row}.id, ${values(row, true)} WHERE ${unspaced(row)};`;
const remove = (row: string): string => `
  INSERT INTO sources_fts(sources_fts, rowid, title, text, facets) VALUES ('delete', ${row}.id, ${values(row, false)});
  INSERT INTO sources_fts_cjk(sources_fts_cjk, rowid, title, text, facets)
    SELECT 'delete', ${row}.id, ${values(row, true)} WHERE ${unspaced(row)};`;

export const migration0008: Migration = {
  version: 8,
  name: 'source text flags computed at import, so the search triggers skip scanning the text',
  sql: /* sql */ `
ALTER TABLE sources ADD COLUMN text_flags INTEGER;

DROP TRIGGER sources_fts_ai;
DROP TRIGGER sources_fts_ad;
DROP TRIGGER sources_fts_au;
CREATE TRIGGER sources_fts_ai AFTER INSERT ON sources BEGIN${insert('new')}
END;
CREATE TRIGGER sources_fts_ad AFTER DELETE ON sources BEGIN${remove('old')}
END;
-- The flags follow the text, which never changes (sources_text_immutable);
-- setting them on an old row changes nothing the index holds.
CREATE TRIGGER sources_fts_au AFTER UPDATE OF title, text, kind, published_at ON sources BEGIN${remove('old')}${insert('new')}
END;
`,
};
