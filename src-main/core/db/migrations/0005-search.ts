import type { Migration } from '../migrate';

/*
 * Search in any language. SQLite's unicode61 tokenizer folds case and Latin
 * accents but not Arabic harakat, Hebrew points or Cyrillic ё, and it splits
 * words at combining marks (Arabic with vowel marks, Devanagari) and cannot
 * split Chinese or Japanese at all. So every full-text table here indexes a
 * folded copy of its text (through a view, so `rebuild` and integrity checks
 * agree with the index), treats marks as part of words, and rows in scripts
 * written without spaces are also indexed by trigrams, for substring search.
 *
 * These lists are frozen with the migration; core/search folds queries with
 * the same ones.
 */

/** Removed before indexing: Arabic harakat, superscript alef, tatweel; Hebrew points. */
export const INDEX_FOLD_REMOVE: readonly number[] = [
  ...range(0x064b, 0x065f),
  0x0670,
  0x0640,
  ...range(0x05b0, 0x05bd),
  0x05bf,
  0x05c1,
  0x05c2,
  0x05c7,
];

/** Replaced before indexing: alef with hamza or madda → alef; ё → е. */
export const INDEX_FOLD_REPLACE: ReadonlyArray<readonly [number, number]> = [
  [0x0622, 0x0627],
  [0x0623, 0x0627],
  [0x0625, 0x0627],
  [0x0671, 0x0627],
  [0x0451, 0x0435],
  [0x0401, 0x0415],
];

/**
 * Scripts written without spaces between words (and Hangul, whose particles
 * cling to nouns): [from, to] code point ranges, indexed by trigrams too.
 */
export const UNSPACED_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0e00, 0x0eff], // Thai, Lao
  [0x1000, 0x109f], // Myanmar
  [0x1100, 0x11ff], // Hangul jamo
  [0x1780, 0x17ff], // Khmer
  [0x2e80, 0x9fff], // CJK radicals, punctuation, kana, Bopomofo, Hangul compatibility jamo, ideographs
  [0xac00, 0xd7af], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xff66, 0xff9f], // halfwidth katakana
  [0x20000, 0x3ffff], // CJK extensions B and later
];

/** unicode61 with marks inside words: a vowel sign no longer splits a word, and Latin accents still fold away. */
export const WORD_TOKENIZER = `unicode61 remove_diacritics 2 categories 'L* N* Co M*'`;
export const TRIGRAM_TOKENIZER = 'trigram remove_diacritics 1';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const ch = (cp: number): string => String.fromCodePoint(cp);

/** A GLOB character class: `[a-cx]`. */
function globClass(ranges: ReadonlyArray<readonly [number, number]>): string {
  return '[' + ranges.map(([a, b]) => (a === b ? ch(a) : `${ch(a)}-${ch(b)}`)).join('') + ']';
}

/** A GLOB class of every character the index folds (0008 reuses it). */
export const FOLD_GUARD = globClass([
  ...INDEX_FOLD_REMOVE.map((c) => [c, c] as const),
  ...INDEX_FOLD_REPLACE.map(([c]) => [c, c] as const),
]);
export const UNSPACED_GLOB = `'*${globClass(UNSPACED_RANGES)}*'`;

/** SQL for the folded value of `expr`; texts with nothing to fold (most) pay one scan. */
function fold(expr: string): string {
  return `CASE WHEN ${expr} GLOB '*${FOLD_GUARD}*' THEN ${foldExpr(expr)} ELSE ${expr} END`;
}

/** SQL folding `expr` unconditionally. */
export function foldExpr(expr: string): string {
  let e = expr;
  for (const c of INDEX_FOLD_REMOVE) e = `replace(${e}, '${ch(c)}', '')`;
  for (const [c, to] of INDEX_FOLD_REPLACE) e = `replace(${e}, '${ch(c)}', '${ch(to)}')`;
  return e;
}

/** Two spaces after each column: every character, even the last, then starts a trigram. */
const padded = (expr: string): string => `${fold(expr)} || '  '`;

/**
 * A source's type and published date as words of their own column, so a
 * filter by them is part of the full-text query (`facets : ...`): the index
 * intersects it with the words searched for, no row is read to test it.
 * `kpdf y2025 m202507 d20250711`; undated sources have only their type.
 */
export const SOURCE_FACETS = (
  row: string,
): string => `'k' || ${row}.kind || CASE WHEN ${row}.published_at IS NULL THEN ''
  ELSE ' y' || substr(${row}.published_at, 1, 4) || ' m' || substr(${row}.published_at, 1, 4)
    || substr(${row}.published_at, 6, 2) || ' d' || replace(${row}.published_at, '-', '') END`;

interface Indexed {
  /** Content table. */
  table: string;
  /** The word index's name; the trigram index is `${name}_cjk`. */
  name: string;
  /** Indexed text columns; an update of any of them re-indexes the row. */
  columns: string[];
  /** A last column of filter words, from these columns of the row. */
  facets?: { sql: (row: string) => string; from: string[] };
  prefixIndexes: string;
}

/** A word index and a trigram index (rows in unspaced scripts only) over `table`, kept in step by triggers. */
function indexes({ table, name, columns, facets, prefixIndexes }: Indexed): string {
  const cjk = `${name}_cjk`;
  const cols = [...columns, ...(facets ? ['facets'] : [])].join(', ');
  const vals = (row: string, f: (e: string) => string): string =>
    [...columns.map((c) => f(`${row}.${c}`)), ...(facets ? [facets.sql(row)] : [])].join(', ');
  const unspaced = (row: string): string =>
    `(${columns.map((c) => `coalesce(${row}.${c}, '')`).join(` || ' ' || `)}) GLOB ${UNSPACED_GLOB}`;
  const insert = (row: string): string => `
  INSERT INTO ${name}(rowid, ${cols}) VALUES (${row}.id, ${vals(row, fold)});
  INSERT INTO ${cjk}(rowid, ${cols}) SELECT ${row}.id, ${vals(row, padded)} WHERE ${unspaced(row)};`;
  const remove = (row: string): string => `
  INSERT INTO ${name}(${name}, rowid, ${cols}) VALUES ('delete', ${row}.id, ${vals(row, fold)});
  INSERT INTO ${cjk}(${cjk}, rowid, ${cols}) SELECT 'delete', ${row}.id, ${vals(row, padded)} WHERE ${unspaced(row)};`;
  const view = (suffix: string, f: (e: string) => string, where = ''): string =>
    `CREATE VIEW ${name}${suffix}_content AS SELECT id, ${[
      ...columns.map((c) => `${f(`${table}.${c}`)} AS ${c}`),
      ...(facets ? [`${facets.sql(table)} AS facets`] : []),
    ].join(', ')} FROM ${table}${where};`;
  const watched = [...columns, ...(facets?.from ?? [])].join(', ');
  return /* sql */ `
${view('', fold)}
CREATE VIRTUAL TABLE ${name} USING fts5(${cols}, content='${name}_content', content_rowid='id',
  tokenize="${WORD_TOKENIZER}", prefix='${prefixIndexes}');
${view('_cjk', padded, ` WHERE ${unspaced(table)}`)}
CREATE VIRTUAL TABLE ${cjk} USING fts5(${cols}, content='${cjk}_content', content_rowid='id',
  tokenize='${TRIGRAM_TOKENIZER}');
CREATE VIRTUAL TABLE ${name}_vocab USING fts5vocab(${name}, row);
CREATE VIRTUAL TABLE ${cjk}_vocab USING fts5vocab(${cjk}, row);
CREATE TRIGGER ${name}_ai AFTER INSERT ON ${table} BEGIN${insert('new')}
END;
CREATE TRIGGER ${name}_ad AFTER DELETE ON ${table} BEGIN${remove('old')}
END;
CREATE TRIGGER ${name}_au AFTER UPDATE OF ${watched} ON ${table} BEGIN${remove('old')}${insert('new')}
END;
INSERT INTO ${name}(${name}) VALUES ('rebuild');
INSERT INTO ${cjk}(${cjk}) VALUES ('rebuild');
`;
}

export const migration0005: Migration = {
  version: 5,
  name: 'search in any language: folded word indexes, trigram indexes, filter words',
  sql: /* sql */ `
-- The sources index is replaced in place (same name, and the same title and
-- text columns, so column filters like 'title : ...' keep working; a third
-- holds the filter words, so a query for words should name its columns);
-- prefix indexes make 'ab*' to 'abcd*' a single index lookup instead of a
-- merge of every matching word (the vocabularies list the words a longer
-- prefix covers).
DROP TRIGGER sources_fts_ai;
DROP TRIGGER sources_fts_ad;
DROP TRIGGER sources_fts_au;
DROP TABLE sources_fts;
${indexes({
  table: 'sources',
  name: 'sources_fts',
  columns: ['title', 'text'],
  facets: { sql: SOURCE_FACETS, from: ['kind', 'published_at'] },
  prefixIndexes: '2 3 4',
})}
${indexes({ table: 'passages', name: 'passages_fts', columns: ['exact', 'comment'], prefixIndexes: '2 3 4' })}
-- notes_fts and entities_fts (0001) stay as other features use them; search has its own.
${indexes({ table: 'notes', name: 'notes_search', columns: ['title', 'text'], prefixIndexes: '2 3 4' })}
${indexes({
  table: 'entities',
  name: 'entities_search',
  columns: ['name', 'aliases_text', 'description'],
  prefixIndexes: '2 3 4',
})}
`,
};
