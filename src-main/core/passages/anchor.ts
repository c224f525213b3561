import approxSearch from 'approx-string-match';
import { CasebookError } from '../errors';
import type { TextPositionSelector, TextQuoteSelector } from './types';

/** How much context a quote selector keeps on each side (Hypothesis keeps 32). */
export const CONTEXT_LENGTH = 32;

export type Selector = TextPositionSelector & TextQuoteSelector;

const isSpace = (c: string): boolean => /\s/u.test(c);
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * The selectors of a span of `text`, trimmed of surrounding whitespace: what a
 * reader's selection usually drags along is not part of what was meant.
 */
export function describe(text: string, start: number, end: number): Selector {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    throw new CasebookError(
      'invalid_input',
      `The span ${start}–${end} is not inside the source's text (0–${text.length}); select some text.`,
    );
  }
  while (start < end && isSpace(text[start]!)) start++;
  while (end > start && isSpace(text[end - 1]!)) end--;
  if (start === end) throw new CasebookError('invalid_input', 'The selection holds only whitespace; select some text.');
  // Half a surrogate pair is not a character: widen to the whole one.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  let prefixStart = Math.max(0, start - CONTEXT_LENGTH);
  if (prefixStart > 0 && isLowSurrogate(text.charCodeAt(prefixStart))) prefixStart++;
  let suffixEnd = Math.min(text.length, end + CONTEXT_LENGTH);
  if (suffixEnd < text.length && isLowSurrogate(text.charCodeAt(suffixEnd))) suffixEnd--;
  return {
    start,
    end,
    exact: text.slice(start, end),
    prefix: text.slice(prefixStart, start),
    suffix: text.slice(end, suffixEnd),
  };
}

interface Candidate {
  start: number;
  end: number;
  errors: number;
}

/** 1 when `str` occurs in `text`, falling towards 0 with the edits needed (Hypothesis' `textMatchScore`). */
function similarity(text: string, str: string): number {
  if (str.length === 0) return 1;
  if (text.length === 0) return 0;
  if (text.includes(str)) return 1;
  const matches = approxSearch(text, str, str.length);
  if (matches.length === 0) return 0;
  return 1 - Math.min(...matches.map((m) => m.errors)) / str.length;
}

/*
 * The weights Hypothesis gives the quote, its context and the old position
 * (client/src/annotator/anchoring/match-quote.ts): the quote dominates, the
 * context disambiguates repeats, the position breaks the remaining ties.
 */
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * The least a fuzzy match must score (0–1). A quote half rewritten in its own
 * context scores about 0.7, the same quote's best look-alike elsewhere with
 * unrelated context about 0.45: below this the passage is an orphan rather
 * than pinned to words it never quoted.
 */
export const MIN_FUZZY_SCORE = 0.6;

/** Beyond this many exact repeats only those nearest the old position are weighed. */
const MAX_EXACT_CANDIDATES = 2000;

function score(text: string, sel: Selector, m: Candidate): number {
  const quote = 1 - m.errors / Math.max(1, sel.exact.length);
  const prefix = sel.prefix ? similarity(text.slice(Math.max(0, m.start - sel.prefix.length), m.start), sel.prefix) : 1;
  const suffix = sel.suffix ? similarity(text.slice(m.end, m.end + sel.suffix.length), sel.suffix) : 1;
  const position = 1 - Math.abs(m.start - sel.start) / Math.max(1, text.length);
  return (
    (QUOTE_WEIGHT * quote + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix + POSITION_WEIGHT * position) / MAX_SCORE
  );
}

function best(text: string, sel: Selector, candidates: Candidate[]): { m: Candidate; score: number } | null {
  let top: { m: Candidate; score: number } | null = null;
  for (const m of candidates) {
    const s = score(text, sel, m);
    if (
      !top ||
      s > top.score ||
      (s === top.score && Math.abs(m.start - sel.start) < Math.abs(top.m.start - sel.start))
    ) {
      top = { m, score: s };
    }
  }
  return top;
}

function exactOccurrences(text: string, exact: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) found.push(i);
  return found;
}

/** A fuzzy match's edges may take in the spaces around the words; the span never starts or ends on one. */
function trimmed(text: string, start: number, end: number): { start: number; end: number } | null {
  while (start < end && isSpace(text[start]!)) start++;
  while (end > start && isSpace(text[end - 1]!)) end--;
  return start < end ? { start, end } : null;
}

/**
 * Finds a passage again in a changed text, the way Hypothesis does: the same
 * quote at the same place; else the same quote elsewhere, the repeat whose
 * context and position fit best; else the closest approximate match of the
 * quote scored with its context and position. Null when nothing is close
 * enough: the caller keeps the passage as an orphan.
 */
export function reanchor(text: string, sel: Selector): { start: number; end: number } | null {
  const { exact } = sel;
  if (exact.length === 0) return null;
  if (text.slice(sel.start, sel.end) === exact) return { start: sel.start, end: sel.end };

  let starts = exactOccurrences(text, exact);
  if (starts.length > 0) {
    if (starts.length > MAX_EXACT_CANDIDATES) {
      starts = starts.sort((a, b) => Math.abs(a - sel.start) - Math.abs(b - sel.start)).slice(0, MAX_EXACT_CANDIDATES);
    }
    // A repeat with its whole context intact is the passage; no need to weigh the rest.
    const intact = starts
      .filter((s) => text.endsWith(sel.prefix, s) && text.startsWith(sel.suffix, s + exact.length))
      .sort((a, b) => Math.abs(a - sel.start) - Math.abs(b - sel.start));
    if (intact.length > 0) return { start: intact[0]!, end: intact[0]! + exact.length };
    const top = best(
      text,
      sel,
      starts.map((s) => ({ start: s, end: s + exact.length, errors: 0 })),
    )!;
    return { start: top.m.start, end: top.m.end };
  }

  const maxErrors = Math.floor(Math.min(256, exact.length / 2));
  if (maxErrors === 0) return null;
  const top = best(text, sel, approxSearch(text, exact, maxErrors));
  if (!top || top.score < MIN_FUZZY_SCORE) return null;
  return trimmed(text, top.m.start, top.m.end);
}
