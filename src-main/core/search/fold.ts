import { INDEX_FOLD_REMOVE, INDEX_FOLD_REPLACE, UNSPACED_RANGES } from '../db/migrations/0005-search';

/*
 * Two foldings. `foldForIndex` is exactly what the search migration's
 * triggers do to text before SQLite's tokenizer sees it, so a query folded
 * the same way meets the index. `foldForMatch` is looser (case, every mark),
 * for finding in JavaScript where the index's matches are, to mark them.
 */

const REMOVE = new Set(INDEX_FOLD_REMOVE);
const REPLACE = new Map(INDEX_FOLD_REPLACE);

/**
 * Text as the full-text indexes hold it (before case and Latin accents, which
 * the tokenizer folds): queries pass through here. Other features that MATCH
 * sources_fts with text that may carry Arabic vowel marks or ё should too.
 */
export function foldForIndex(s: string): string {
  let out = '';
  for (const c of s.normalize('NFC')) {
    const cp = c.codePointAt(0)!;
    if (REMOVE.has(cp)) continue;
    const to = REPLACE.get(cp);
    out += to === undefined ? c : String.fromCodePoint(to);
  }
  return out;
}

const hex = (n: number): string => n.toString(16);
const UNSPACED = new RegExp(`[${UNSPACED_RANGES.map(([a, b]) => `\\u{${hex(a)}}-\\u{${hex(b)}}`).join('')}]`, 'u');

/** Whether `s` has characters of a script written without spaces: such text is found by substring. */
export const isUnspaced = (s: string): boolean => UNSPACED.test(s);

const INDEX_FOLDED = new RegExp(`[${[...REMOVE, ...REPLACE.keys()].map((c) => `\\u{${hex(c)}}`).join('')}]`, 'u');

/**
 * A source text's `text_flags` (migration 0008), which spare the search
 * triggers a scan of the whole text: 1 when it has characters the index
 * folds, 2 when it has characters of an unspaced script.
 */
export const textSearchFlags = (text: string): number =>
  (INDEX_FOLDED.test(text) ? 1 : 0) | (UNSPACED.test(text) ? 2 : 0);

/** What the index counts as word characters (`categories 'L* N* Co M*'`). */
export const WORD = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;

/** The words of `s` as the word index splits them. */
export const wordsOf = (s: string): string[] => s.match(WORD) ?? [];

const MARKS = /\p{M}/gu;
const charFolds = new Map<number, string>();

function foldChar(cp: number): string {
  let f = charFolds.get(cp);
  if (f === undefined) {
    const to = REPLACE.get(cp);
    f = REMOVE.has(cp)
      ? ''
      : String.fromCodePoint(to ?? cp)
          .toLowerCase()
          .normalize('NFD')
          .replace(MARKS, '')
          .normalize('NFC');
    charFolds.set(cp, f);
  }
  return f;
}

/** Folded text and, for each of its UTF-16 units, the original range it came from (null: the same offset). */
export interface FoldedText {
  text: string;
  from: number[] | null;
  to: number[] | null;
}

export const originalStart = (f: FoldedText, i: number): number => (f.from ? f.from[i]! : i);
export const originalEnd = (f: FoldedText, i: number): number => (f.to ? f.to[i]! : i + 1);

/** Characters folded by more than lowercasing, besides those that decompose: marks, the index's folds, İ. */
const FOLDABLE = new RegExp(
  `[\\p{M}\\u0130${[...REMOVE, ...REPLACE.keys()].map((c) => `\\u{${hex(c)}}`).join('')}]`,
  'u',
);

/** Case and marks folded away, one character at a time, so every folded offset maps back to the original. */
export function foldForMatch(s: string): FoldedText {
  // Most news text is ASCII plus typographic punctuation: lowercasing is the whole fold.
  if (!FOLDABLE.test(s) && s.normalize('NFD') === s) return { text: s.toLowerCase(), from: null, to: null };
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    let f: string;
    if (cp < 0x80) f = cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : s[i]!;
    else f = foldChar(cp);
    for (let k = 0; k < f.length; k++) {
      from.push(i);
      to.push(i + width);
    }
    parts.push(f);
    i += width;
  }
  return { text: parts.join(''), from, to };
}

/** A query word folded for matching: what `foldForMatch` makes of the same word in a text. */
export const foldWord = (s: string): string => foldForMatch(s).text;
