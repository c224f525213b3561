import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { compileQuery } from '../../../src-main/core/search/query';
import { search } from '../../../src-main/core/search/search';
import { useTempDirs } from '../../support/tmp';
import { addSource } from './notebook';

/*
 * Fuzzing the query language: whatever is typed (FTS5 syntax, operators in
 * odd places, unbalanced quotes, every script, control characters), search
 * answers with results or a hint, never an error. Seeded; CASEBOOK_FUZZ_RUNS
 * runs more.
 */

const tempDir = useTempDirs();
const RUNS = Number(process.env.CASEBOOK_FUZZ_RUNS ?? 1) * 400;
let nb: Notebook;

beforeAll(() => {
  nb = openNotebook(join(tempDir(), 'fuzz.casebook'));
  addSource(nb.db, {
    title: 'Lavrov in Islamabad',
    text: 'Sergey Lavrov met the minister; "natural allies" they said.',
  });
  addSource(nb.db, { title: 'Встреча', text: 'Сергей Лавров встретился с коллегой в Москве. Ёлка.' });
  addSource(nb.db, { title: 'العربية', text: 'كَتَبَ الطالب الدرس في المدرسة' });
  addSource(nb.db, { title: '会談', text: '東京で日本語のテキストを検索する。中文文本也可以。' });
});
afterAll(() => nb.close());

/** Pieces people type and pieces that are FTS5 syntax. */
const piece = fc.oneof(
  fc.constantFrom(
    '"',
    '*',
    '-',
    '--',
    'OR',
    'or',
    'AND',
    'NOT',
    'NEAR',
    'NEAR(',
    ')',
    '(',
    '^',
    ':',
    'title:',
    'text :',
    '{',
    '}',
    '+',
    '\\',
    "'",
    ',',
    '.',
    '""',
    '"*"',
    '-*',
    'OR OR',
    'lavrov',
    'лавров',
    'ёлка',
    'الطالب',
    'كَتَبَ',
    '東京',
    '日本語',
    'natural allies',
    'a',
    'é',
    '\u0000',
    '\u200b',
    '\u0301',
    '🙂',
    'facets',
    'kpdf',
    'y2025',
    '%',
    '_',
  ),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const query = fc.oneof(
  fc.array(piece, { maxLength: 12 }).map((p) => p.join(' ')),
  fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

describe('the search query language, fuzzed', () => {
  it('answers any input with results or a hint, never an error', () => {
    fc.assert(
      fc.property(query, fc.boolean(), (q, asYouType) => {
        expect(() => compileQuery(q, asYouType)).not.toThrow();
        const results = search(nb.db, { q, asYouType, limit: 5 });
        for (const hit of results.hits) expect(hit.snippet.text.length).toBeGreaterThan(0);
        expect(Array.isArray(results.hints)).toBe(true);
      }),
      { numRuns: RUNS, seed: 20261129 },
    );
  });
});
