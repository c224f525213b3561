import { foldForIndex, foldWord, isUnspaced, wordsOf } from './fold';

/*
 * The query language people know from web search: words (all must match),
 * "exact phrase", prefix*, OR between alternatives, -exclude. Whatever is
 * typed, the result is an FTS5 expression built only from quoted strings and
 * our own operators, so no input can reach SQLite as syntax: FTS5 keywords,
 * column filters, carets and stray stars are words or punctuation like any
 * other.
 */

export interface QueryItem {
  /** As typed, without quotes, stars or the leading minus. */
  text: string;
  quoted: boolean;
  prefix: boolean;
  negate: boolean;
  /** The star was added because the word is still being typed (`asYouType`), not typed. */
  live?: boolean;
}

export interface ParsedQuery {
  /** All groups must match; any item of a group may (OR). */
  groups: QueryItem[][];
  excluded: QueryItem[];
  hints: string[];
}

const SPACE = /\s/;

/** Reads the query as typed; never fails. */
export function parseQuery(typed: string, asYouType = false): ParsedQuery {
  // A NUL would end the string FTS5 parses; no control character means anything in a query.
  // eslint-disable-next-line no-control-regex
  const q = typed.replace(/[\u0000-\u001f\u007f]/g, ' ');
  type Lexeme = { or: true } | { or: false; item: QueryItem };
  const lexemes: Lexeme[] = [];
  const hints: string[] = [];
  let notNext = false;
  const n = q.length;
  for (let i = 0; i < n;) {
    if (SPACE.test(q[i]!)) {
      i++;
      continue;
    }
    let negate = notNext;
    notNext = false;
    if (q[i] === '-') {
      let j = i;
      while (q[j] === '-') j++;
      i = j;
      // A minus followed by a space, or by nothing, excludes nothing.
      if (j >= n || SPACE.test(q[j]!)) continue;
      negate = true;
    }
    if (q[i] === '"') {
      let end = q.indexOf('"', i + 1);
      if (end < 0) {
        end = n;
        hints.push('A quote was not closed; the phrase runs to the end of the query.');
      }
      let text = q.slice(i + 1, end);
      i = end + 1;
      // "oil*" means what oil* does.
      let prefix = /\*\s*$/.test(text);
      text = text.replace(/[*\s]+$/, '');
      while (q[i] === '*') {
        prefix = true;
        i++;
      }
      lexemes.push({ or: false, item: { text, quoted: true, prefix, negate } });
      continue;
    }
    let j = i;
    while (j < n && !SPACE.test(q[j]!) && q[j] !== '"') j++;
    const word = q.slice(i, j);
    i = j;
    if (!negate) {
      if (word === 'OR' || word === '|') {
        lexemes.push({ or: true });
        continue;
      }
      if (word === 'AND' || word === '&') continue;
      if (word === 'NOT') {
        notNext = true;
        continue;
      }
    }
    const prefix = /\*$/.test(word);
    lexemes.push({ or: false, item: { text: word.replace(/\*+$/, ''), quoted: false, prefix, negate } });
  }

  // Typed live, the word being typed is probably unfinished.
  const last = lexemes.at(-1);
  if (
    asYouType &&
    last &&
    !last.or &&
    !last.item.quoted &&
    !last.item.negate &&
    !last.item.prefix &&
    !SPACE.test(q.at(-1) ?? ' ')
  ) {
    last.item.prefix = true;
    last.item.live = true;
  }

  const groups: QueryItem[][] = [];
  const excluded: QueryItem[] = [];
  let orPending = false;
  let orIgnored = false;
  let lastWasPositive = false;
  for (const lx of lexemes) {
    if (lx.or) {
      if (lastWasPositive && !orPending) orPending = true;
      else orIgnored = true;
      continue;
    }
    const { item } = lx;
    if (!hasWords(item)) {
      // Punctuation only: no index holds it. Say so unless it is a lone operator-like character.
      if (item.text.trim() && !/^[-*^:()+&|~]+$/.test(item.text))
        hints.push(`“${item.text}” has no letters or digits, so it was left out.`);
      if (orPending) {
        orPending = false;
        orIgnored = true;
      }
      continue;
    }
    if (item.negate) {
      excluded.push(item);
      if (orPending) orIgnored = true;
      orPending = false;
      lastWasPositive = false;
      continue;
    }
    if (orPending && groups.length > 0) groups.at(-1)!.push(item);
    else groups.push([item]);
    orPending = false;
    lastWasPositive = true;
  }
  if (orPending) orIgnored = true;
  if (orIgnored) hints.push('OR needs a word or phrase on each side; a lone OR was ignored.');
  if (groups.length === 0 && excluded.length > 0)
    hints.push('Add a word to search for: a query of exclusions alone matches nothing.');
  return { groups, excluded, hints };
}

function hasWords(item: QueryItem): boolean {
  return wordsOf(foldForIndex(item.text)).length > 0;
}

/** Something the JavaScript side looks for in a text to mark it (see highlight.ts). */
export type Needle = { kind: 'words'; words: string[]; prefix: boolean } | { kind: 'substring'; text: string };

/** A substring for the trigram index: too short (under three characters) for a trigram lookup when `short`. */
export interface Substring {
  text: string;
  short: boolean;
}

/**
 * The query for the trigram index, by group. Each group is a list of
 * alternatives; `short` substrings are looked up by the caller (through the
 * index's vocabulary, or by scanning).
 */
export type TrigramGroups = Substring[][];

/** A phrase of the word index: its words (folded as the index folds them); the last may be a prefix. */
export interface Phrase {
  words: string[];
  prefix: boolean;
}

export interface CompiledQuery {
  /** Which index answers: words, or trigrams when a wanted item is in a script written without spaces. */
  mode: 'word' | 'trigram';
  /** Word mode: all groups must match, any phrase of a group may; no excluded phrase may. */
  phrases: { groups: Phrase[][]; excluded: Phrase[] } | null;
  /** Word mode: the MATCH expression (prefixes as FTS5 prefix queries; see renderWords). */
  match: string | null;
  /** Word mode: what must match, without the exclusions. */
  positive: string | null;
  /** Word mode: each wanted word on its own, for ranking (see renderWords). */
  terms: string[];
  /** Trigram mode. */
  trigram: { groups: TrigramGroups; excluded: Substring[] } | null;
  /** Word mode: excluded items in scripts without spaces, answered by the trigram index. */
  excludedUnspaced: Substring[];
  needles: Needle[];
  hints: string[];
  /** Nothing to search for. */
  empty: boolean;
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A prefix needs two characters: the index keeps two- to four-character prefixes, and one would merge half the vocabulary. */
const MIN_PREFIX = 2;

function phraseOf(item: QueryItem, hints: string[]): Phrase {
  const words = wordsOf(foldForIndex(item.text));
  let prefix = item.prefix;
  if (prefix && [...words.at(-1)!].length < MIN_PREFIX) {
    prefix = false;
    if (!item.live)
      hints.push(`A prefix needs at least ${MIN_PREFIX} letters before *; “${item.text}” was searched as a word.`);
  }
  return { words, prefix };
}

function substring(item: QueryItem): Substring {
  const text = foldForIndex(item.text).replace(/\s+/g, ' ').trim();
  return { text, short: [...text].length < 3 };
}

const or = (parts: string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`);

/**
 * For a prefix: the words of the index it stands for, or null to leave it a
 * prefix query. FTS5 answers a prefix it has no prefix index for by merging
 * the matches of every word it covers before returning the first row; a
 * handful of words OR-ed are walked lazily instead.
 */
export type ExpandPrefix = (prefix: string, inPhrase: boolean) => string[] | null;

export interface RenderedWords {
  match: string | null;
  positive: string | null;
  /**
   * Each wanted word on its own (a prefix as itself or its words OR-ed), for
   * ranking: bm25 pays a scan of every row each phrase matches, so the
   * ranking weighs only the selective ones, word by word.
   */
  terms: string[];
}

/** The word-mode query as FTS5 expressions built from quoted strings only. */
export function renderWords(
  phrases: { groups: Phrase[][]; excluded: Phrase[] },
  expand: ExpandPrefix = () => null,
): RenderedWords {
  const expansions = new Map<string, string[] | null>();
  const expanded = (w: string, inPhrase: boolean): string[] | null => {
    const key = `${inPhrase ? 'p' : 'w'}:${w}`;
    if (!expansions.has(key)) expansions.set(key, expand(w, inPhrase));
    return expansions.get(key)!;
  };
  const render = (p: Phrase): string => {
    const last = p.words.at(-1)!;
    const words = p.prefix ? expanded(last, p.words.length > 1) : null;
    if (!p.prefix) return quote(p.words.join(' '));
    if (!words) return `${quote(p.words.join(' '))}*`;
    const head = p.words.slice(0, -1);
    return or(words.map((w) => quote([...head, w].join(' '))));
  };
  const terms = new Set<string>();
  for (const g of phrases.groups) {
    for (const p of g) {
      p.words.forEach((w, i) => {
        if (i < p.words.length - 1 || !p.prefix) terms.add(quote(w));
        else {
          const words = expanded(w, false);
          terms.add(words ? or(words.map(quote)) : `${quote(w)}*`);
        }
      });
    }
  }
  if (phrases.groups.length === 0) return { match: null, positive: null, terms: [] };
  const positive = phrases.groups.map((g) => or(g.map(render))).join(' AND ');
  const excluded = phrases.excluded.map(render);
  return {
    match: excluded.length > 0 ? `(${positive}) NOT ${or(excluded)}` : positive,
    positive,
    terms: [...terms],
  };
}

export function compileQuery(q: string, asYouType = false): CompiledQuery {
  const parsed = parseQuery(q, asYouType);
  const hints = [...parsed.hints];
  const { groups, excluded } = parsed;
  const needles: Needle[] = [];
  const empty = groups.length === 0;
  const trigram = groups.some((g) => g.some((item) => isUnspaced(item.text)));

  if (trigram) {
    const tgroups = groups.map((g) => g.map(substring));
    for (const g of tgroups) for (const s of g) needles.push({ kind: 'substring', text: foldWord(s.text) });
    return {
      mode: 'trigram',
      phrases: null,
      match: null,
      positive: null,
      terms: [],
      trigram: { groups: tgroups, excluded: excluded.map(substring) },
      excludedUnspaced: [],
      needles,
      hints,
      empty,
    };
  }

  const phraseGroups = groups.map((g) => g.map((item) => phraseOf(item, hints)));
  for (const g of phraseGroups)
    for (const p of g) needles.push({ kind: 'words', words: p.words.map(foldWord), prefix: p.prefix });
  const phrases = {
    groups: phraseGroups,
    excluded: excluded.filter((item) => !isUnspaced(item.text)).map((item) => phraseOf(item, hints)),
  };
  return {
    mode: 'word',
    phrases,
    ...renderWords(phrases),
    trigram: null,
    excludedUnspaced: excluded.filter((item) => isUnspaced(item.text)).map(substring),
    needles,
    hints,
    empty,
  };
}
