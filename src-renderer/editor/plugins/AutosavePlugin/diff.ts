import type { NotePatch } from '../../../../src-main/core/notes/types';

/**
 * A note's JSON text as the serializer builds it: `HEAD`, the top-level blocks
 * joined by commas, then `tail`. Knowing the blocks lets a diff skip every
 * block that is the very same string as before (most of a long note).
 */
export interface NoteText {
  json: string;
  /** The top-level blocks' JSON; null for text that came from elsewhere (as loaded). */
  parts: readonly string[] | null;
  tail: string;
}

export const HEAD = '{"root":{"children":[';

export const plainText = (json: string): NoteText => ({ json, parts: null, tail: '' });

/**
 * The one span that differs between two texts: what a save sends instead of
 * the whole note. `knownPrefix`/`knownSuffix`: lengths already known equal.
 */
export function patchBetween(before: string, after: string, knownPrefix = 0, knownSuffix = 0): NotePatch {
  const max = Math.min(before.length, after.length);
  let start = Math.min(knownPrefix, max);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = Math.min(knownSuffix, max - start);
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  // Never split a surrogate pair: the patch is sent as JSON text.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return { at: start, remove: before.length - end - start, insert: after.slice(start, after.length - end) };
}

/** As patchBetween, skipping the leading and trailing blocks both texts share. */
export function patchBetweenTexts(before: NoteText, after: NoteText): NotePatch {
  const a = before.parts;
  const b = after.parts;
  if (!a || !b || before.tail !== after.tail) return patchBetween(before.json, after.json);
  const n = Math.min(a.length, b.length);
  let i = 0;
  let prefix = HEAD.length;
  // Unchanged blocks are the same string objects, which compare without reading them.
  while (i < n && a[i] === b[i]) prefix += a[i++]!.length + 1;
  if (i > 0) prefix--;
  let j = 0;
  let suffix = before.tail.length;
  while (j < n - i && a[a.length - 1 - j] === b[b.length - 1 - j]) suffix += a[a.length - 1 - ++j]!.length + 1;
  if (j > 0) suffix--;
  return patchBetween(before.json, after.json, prefix, suffix);
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
