import { foldForMatch, originalEnd, originalStart } from './fold';
import type { Needle } from './query';
import type { Mark, Snippet } from './types';

/*
 * Where the matches are, found in JavaScript over the original text: FTS5's
 * highlight() re-tokenizes the stored (folded) text, whose offsets are not the
 * canonical text's, and offsets are what the reader scrolls to.
 */

export interface Found extends Mark {
  /** Which needle matched: distinct needles make a better snippet. */
  needle: number;
}

/** Enough to place a snippet and mark it; a text holding more is searched no further. */
const MAX_FOUND = 2000;

export function findMatches(text: string, needles: readonly Needle[]): Found[] {
  if (needles.length === 0 || text.length === 0) return [];
  const folded = foldForMatch(text);
  const t = folded.text;
  const found: Found[] = [];
  needles.forEach((needle, index) => {
    const first = needle.kind === 'words' ? needle.words[0] : needle.text;
    if (!first) return;
    // Look for the first word, then check the rest where it is: far quicker than splitting the text into words.
    for (let at = t.indexOf(first); at >= 0 && found.length < MAX_FOUND; at = t.indexOf(first, at + 1)) {
      const end = needle.kind === 'words' ? wordsAt(t, at, needle.words, needle.prefix) : at + first.length;
      if (end < 0) continue;
      found.push({
        start: originalStart(folded, at),
        end: pastMarks(text, originalEnd(folded, end - 1)),
        needle: index,
      });
    }
  });
  return merge(found);
}

const WORD_CHAR = /[\p{L}\p{N}\p{Co}\p{M}]/u;
const isWordChar = (cp: number | undefined): boolean => cp !== undefined && WORD_CHAR.test(String.fromCodePoint(cp));
const isLowSurrogate = (cp: number): boolean => cp >= 0xdc00 && cp <= 0xdfff;
const isWordAt = (t: string, i: number): boolean => i < t.length && isWordChar(t.codePointAt(i));
/** Whether the character ending just before `i` is a word character (a surrogate pair counts as one). */
function wordBefore(t: string, i: number): boolean {
  if (i <= 0) return false;
  const unit = t.charCodeAt(i - 1);
  return isWordChar(isLowSurrogate(unit) && i >= 2 ? t.codePointAt(i - 2) : unit);
}

/** Where the words end if they stand at `at` as whole words (the last may be a prefix), else -1. */
function wordsAt(t: string, at: number, words: readonly string[], prefix: boolean): number {
  if (wordBefore(t, at)) return -1;
  let i = at;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (!t.startsWith(w, i)) return -1;
    i += w.length;
    const last = k === words.length - 1;
    if (last && prefix) {
      while (isWordAt(t, i)) i += t.codePointAt(i)! > 0xffff ? 2 : 1;
      return i;
    }
    if (isWordAt(t, i)) return -1;
    if (last) return i;
    // Between the words of a phrase: anything that is not a word character.
    while (i < t.length && !isWordAt(t, i)) i++;
  }
  return i;
}

/** Marks that fold to nothing (a final Arabic vowel sign) still belong to the word before them. */
function pastMarks(text: string, end: number): number {
  while (end < text.length && TRAILING.test(text[end]!)) end++;
  return end;
}
const TRAILING = /[\p{M}\u0640]/u;

/** Sorted, overlaps joined (a phrase and one of its words, say). */
function merge(found: Found[]): Found[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Found[] = [];
  for (const f of found) {
    const prev = out.at(-1);
    if (prev && f.start < prev.end) prev.end = Math.max(prev.end, f.end);
    else out.push({ ...f });
  }
  return out;
}

export const SNIPPET_LENGTH = 220;
const LEAD = 60;

/**
 * A snippet around the stretch of text where the most different needles
 * match (the earliest such), cut at spaces; `at` is the match it is built on.
 */
export function snippetOf(
  text: string,
  found: readonly Found[],
  length = SNIPPET_LENGTH,
): {
  snippet: Snippet;
  at: Mark | null;
} {
  if (found.length === 0) return { snippet: window(text, 0, Math.min(text.length, length), []), at: null };
  let best = 0;
  let bestScore = -1;
  const span = length - LEAD;
  for (let i = 0; i < Math.min(found.length, 300); i++) {
    const seen = new Set<number>();
    for (let j = i; j < found.length && found[j]!.start < found[i]!.start + span; j++) seen.add(found[j]!.needle);
    if (seen.size > bestScore) {
      bestScore = seen.size;
      best = i;
    }
  }
  const anchor = found[best]!;
  let start = Math.max(0, anchor.start - LEAD);
  if (start > 0) {
    const space = text.slice(start, anchor.start).search(/\s/);
    if (space >= 0) start += space + 1;
  }
  let end = Math.min(text.length, Math.max(start + length, anchor.end));
  if (end < text.length) {
    const tail = text.slice(anchor.end, end);
    const space = tail.search(/\s\S*$/);
    if (space > 0) end = anchor.end + space;
  }
  while (end > anchor.end && /\s/.test(text[end - 1]!)) end--;
  return { snippet: window(text, start, end, found), at: { start: anchor.start, end: anchor.end } };
}

function window(text: string, start: number, end: number, found: readonly Mark[]): Snippet {
  const marks: Mark[] = [];
  for (const f of found) {
    if (f.end <= start || f.start >= end) continue;
    marks.push({ start: Math.max(f.start, start) - start, end: Math.min(f.end, end) - start });
  }
  return {
    // One character for one: the marks' offsets stay true.
    text: text.slice(start, end).replace(/\s/g, ' '),
    marks,
    clippedStart: start > 0,
    clippedEnd: end < text.length,
  };
}

/** Marks over a whole short text (a title, a name). */
export function marksIn(text: string, needles: readonly Needle[]): Mark[] {
  return findMatches(text, needles).map(({ start, end }) => ({ start, end }));
}

/** The whole of a short text as a snippet, or a window of a long one. */
export function snippetOfShort(text: string, needles: readonly Needle[], max = 320): Snippet {
  const found = findMatches(text, needles);
  if (text.length <= max) return window(text, 0, text.length, found);
  return snippetOf(text, found, max).snippet;
}
