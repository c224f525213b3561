import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { compileQuery, parseQuery } from '../../../src-main/core/search/query';
import { search } from '../../../src-main/core/search/search';
import { rng } from '../../bench/corpus';
import { useTempDirs } from '../../support/tmp';
import { addSource } from './notebook';

const words = (q: string): string[][] => parseQuery(q).groups.map((g) => g.map((i) => i.text));

describe('reading a query', () => {
  it('takes words as all required, quotes as phrases, a trailing star as a prefix', () => {
    const p = parseQuery('moscow "natural allies" paki*');
    expect(p.groups).toEqual([
      [{ text: 'moscow', quoted: false, prefix: false, negate: false }],
      [{ text: 'natural allies', quoted: true, prefix: false, negate: false }],
      [{ text: 'paki', quoted: false, prefix: true, negate: false }],
    ]);
    expect(p.hints).toEqual([]);
    expect(compileQuery('moscow "natural allies" paki*').match).toBe('"moscow" AND "natural allies" AND "paki"*');
  });

  it('binds OR tighter than the implicit AND, as web search does', () => {
    expect(words('trade OR energy pakistan')).toEqual([['trade', 'energy'], ['pakistan']]);
    expect(compileQuery('trade OR energy pakistan').match).toBe('("trade" OR "energy") AND "pakistan"');
    expect(words('a OR b OR c')).toEqual([['a', 'b', 'c']]);
  });

  it('excludes with a leading minus or NOT, words and phrases alike', () => {
    const p = parseQuery('pakistan -india NOT "trade deal" -"oil*"');
    expect(words('pakistan -india')).toEqual([['pakistan']]);
    expect(p.excluded.map((i) => i.text)).toEqual(['india', 'trade deal', 'oil']);
    expect(compileQuery('pakistan -india').match).toBe('("pakistan") NOT "india"');
    // A hyphen inside a word is not an exclusion.
    expect(compileQuery('al-Assad').match).toBe('"al Assad"');
  });

  it('weighs words one by one for ranking, exclusions left out', () => {
    const q = compileQuery('"natural allies" pak* -india');
    expect(q.match).toBe('("natural allies" AND "pak"*) NOT "india"');
    expect(q.positive).toBe('"natural allies" AND "pak"*');
    expect(q.terms).toEqual(['"natural"', '"allies"', '"pak"*']);
  });

  it('reads FTS5 syntax as plain words: keywords, column filters, carets, lone stars', () => {
    for (const q of ['NEAR(a b)', 'title:moscow', '^moscow', 'a AND b', '* moscow', 'moscow + { x }']) {
      // Outside the quoted strings there is only our own syntax.
      const outside = compileQuery(q).match!.replace(/"(?:[^"]|"")*"/g, ' ');
      expect(outside, q).toMatch(/^(\s|\(|\)|\*|AND|OR|NOT)*$/);
    }
    expect(compileQuery('NEAR(a b)').match).toBe('"NEAR a" AND "b"');
    expect(compileQuery('title:moscow').match).toBe('"title moscow"');
    expect(compileQuery('a AND b').match).toBe('"a" AND "b"');
    expect(compileQuery('* moscow').match).toBe('"moscow"');
  });

  it('explains what it did with malformed input instead of failing', () => {
    expect(parseQuery('"natural allies').hints).toEqual([
      'A quote was not closed; the phrase runs to the end of the query.',
    ]);
    expect(parseQuery('OR moscow OR').hints).toEqual([
      'OR needs a word or phrase on each side; a lone OR was ignored.',
    ]);
    expect(parseQuery('-india').hints).toEqual([
      'Add a word to search for: a query of exclusions alone matches nothing.',
    ]);
    expect(compileQuery('-india').empty).toBe(true);
    expect(compileQuery('k*').hints).toEqual([
      'A prefix needs at least 2 letters before *; “k” was searched as a word.',
    ]);
    expect(compileQuery('“ ” … ---').empty).toBe(true);
  });

  it('while typing, treats the unfinished last word as a prefix, silently', () => {
    expect(compileQuery('natural all', true).match).toBe('"natural" AND "all"*');
    expect(compileQuery('natural all ', true).match).toBe('"natural" AND "all"');
    expect(compileQuery('natural a', true)).toMatchObject({ match: '"natural" AND "a"', hints: [] });
    expect(compileQuery('"natural all"', true).match).toBe('"natural all"');
  });

  it('folds Arabic vowel marks and ё the way the index does', () => {
    expect(compileQuery('كَتَبَ').match).toBe('"كتب"');
    expect(compileQuery('Ёлка').match).toBe('"Елка"');
  });

  it('sends text in scripts written without spaces to the trigram index, as substrings', () => {
    const q = compileQuery('北京 "日本の首都" moscow -上海');
    expect(q.mode).toBe('trigram');
    expect(q.trigram).toEqual({
      groups: [
        [{ text: '北京', short: true }],
        [{ text: '日本の首都', short: false }],
        [{ text: 'moscow', short: false }],
      ],
      excluded: [{ text: '上海', short: true }],
    });
    // Wanted words in Latin script keep the word index; an excluded Chinese word is still honoured.
    expect(compileQuery('moscow -上海')).toMatchObject({
      mode: 'word',
      excludedUnspaced: [{ text: '上海', short: true }],
    });
  });
});

describe('any input, however malformed', () => {
  const tempDir = useTempDirs();
  let nb: Notebook;
  beforeAll(() => {
    nb = openNotebook(join(tempDir(), 'fuzz.casebook'));
    addSource(nb.db, {
      title: 'Natural allies',
      text: 'Russia and Pakistan are natural allies, said the minister in Moscow.',
    });
    addSource(nb.db, { title: '北京', text: '北京是中国的首都。東京都は日本の首都です。' });
  });
  afterAll(() => nb.close());

  const PIECES = [
    '"',
    '"',
    "'",
    '(',
    ')',
    '*',
    '**',
    '-',
    '--',
    '^',
    ':',
    'title:',
    'text:',
    '{',
    '}',
    '+',
    'OR',
    'AND',
    'NOT',
    'NEAR',
    'NEAR(',
    'NEAR/2',
    ',',
    '.',
    '|',
    '&',
    '\\',
    '%',
    '_',
    '[',
    ']',
    '~',
    '$',
    '@',
    '#',
    '!',
    '?',
    ';',
    ' ',
    ' ',
    '  ',
    '\t',
    '\n',
    'moscow',
    'allies',
    'pak',
    'natural',
    'ё',
    'كتب',
    '北京',
    '首',
    '\u0301',
    'ﬁ',
    '\u{1F600}',
    '\u0000',
    'rank',
    'bm25(',
    'sources_fts',
    "'; DROP TABLE sources; --",
    'ı',
    'İ',
  ];

  it('gives results or hints, never a SQLite error, for 500 random strings of operators and punctuation', () => {
    const r = rng(20251129);
    for (let i = 0; i < 500; i++) {
      const n = 1 + Math.floor(r() * 8);
      let q = '';
      for (let k = 0; k < n; k++) q += PIECES[Math.floor(r() * PIECES.length)];
      for (const asYouType of [false, true]) {
        let results;
        try {
          results = search(nb.db, { q, asYouType });
        } catch (e) {
          throw new Error(`${JSON.stringify(q)} (asYouType ${asYouType}) threw: ${(e as Error).message}`);
        }
        expect(Array.isArray(results.hits)).toBe(true);
        for (const hit of results.hits) for (const m of hit.snippet.marks) expect(m.end).toBeGreaterThan(m.start);
      }
    }
    expect(nb.db.prepare('SELECT count(*) AS n FROM sources').get()).toEqual({ n: 2 });
  });
});
