/**
 * Folding for matching names: case- and diacritics-insensitive, with a map
 * from every folded character back to the original UTF-16 span it came from,
 * so a match in the folded text is a span of the canonical text.
 */

/**
 * Script-neutral combining diacritics, and the optional vowel points of Arabic
 * and Hebrew: marks a writer may leave out. Vowel signs of Indic or Southeast
 * Asian scripts are spelling, not decoration, so they stay.
 */
const OPTIONAL_MARKS: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
  [0x0591, 0x05c7],
  [0x0610, 0x061a],
  [0x064b, 0x065f],
  [0x0670, 0x0670],
  [0x06d6, 0x06ed],
];
const isOptionalMark = (cp: number): boolean => OPTIONAL_MARKS.some(([lo, hi]) => cp >= lo && cp <= hi);
/** Invisible characters (soft hyphens, zero-width joiners, BOM) that split a word without being seen. */
const INVISIBLE = /\p{Cf}/u;
const SPACE = /\s/u;

const charCache = new Map<number, string>();

function foldCodePoint(cp: number): string {
  if (cp < 128) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  let folded = charCache.get(cp);
  if (folded !== undefined) return folded;
  const ch = String.fromCodePoint(cp);
  if (INVISIBLE.test(ch)) folded = '';
  else if (/[\u2018\u2019\u201b\u02bc\u2032`]/.test(ch)) folded = "'";
  else if (/[\u2010-\u2015\u2212]/.test(ch)) folded = '-';
  else {
    folded = '';
    for (const part of ch.normalize('NFD')) if (!isOptionalMark(part.codePointAt(0)!)) folded += part;
    folded = folded.toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  }
  if (charCache.size < 100_000) charCache.set(cp, folded);
  return folded;
}

export interface Folded {
  text: string;
  /** Original start of the character each folded code unit came from. */
  starts: Int32Array;
  /** Original end of that character, including the marks folded away after it. */
  ends: Int32Array;
}

/** Folds `text`, collapsing each run of whitespace into one space. */
export function foldWithOffsets(text: string): Folded {
  // Folding may expand a character (ß → ss, Hangul syllables into jamo): the buffers grow when needed.
  let cap = text.length + 16;
  let units = new Uint16Array(cap);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let n = 0;
  const push = (unit: number, start: number, end: number): void => {
    if (n === cap) {
      cap *= 2;
      const grow = <A extends Uint16Array | Int32Array>(a: A, make: (size: number) => A): A => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      units = grow(units, (k) => new Uint16Array(k));
      starts = grow(starts, (k) => new Int32Array(k));
      ends = grow(ends, (k) => new Int32Array(k));
    }
    units[n] = unit;
    starts[n] = start;
    ends[n] = end;
    n++;
  };
  let inSpace = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) {
        if (!inSpace) push(32, i, i + 1);
        inSpace = true;
      } else {
        push(c >= 65 && c <= 90 ? c + 32 : c, i, i + 1);
        inSpace = false;
      }
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = String.fromCodePoint(cp);
    if (SPACE.test(ch)) {
      if (!inSpace) push(32, i, i + width);
      inSpace = true;
      i += width;
      continue;
    }
    inSpace = false;
    const f = foldCodePoint(cp);
    if (f.length === 0) {
      // A dropped mark belongs to the character before it: a match ending there covers it.
      for (let k = n - 1; k >= 0 && ends[k] === i && units[k] !== 32; k--) ends[k] = i + width;
    }
    for (let k = 0; k < f.length; k++) push(f.charCodeAt(k), i, i + width);
    i += width;
  }
  let out = '';
  for (let k = 0; k < n; k += 8192) out += String.fromCharCode(...units.subarray(k, Math.min(n, k + 8192)));
  return { text: out, starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** The folded form of a name: what two spellings of it have in common. */
export function foldKey(s: string): string {
  return foldWithOffsets(s).text.trim();
}

/** Letters, digits and marks of scripts that separate words with spaces. */
const WORD = /[\p{L}\p{N}\p{M}]/u;
/** Scripts written without spaces between words: any position may be a word boundary. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Hangul}]/u;

function isWordCodePoint(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90);
  const ch = String.fromCodePoint(cp);
  return WORD.test(ch) && !UNSPACED.test(ch);
}

/** True when position `i` of `s` does not fall inside a word (of a script that spaces its words). */
export function isWordBoundary(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return true;
  const after = s.codePointAt(i)!;
  const low = s.charCodeAt(i - 1);
  const before = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? s.codePointAt(i - 2)! : low;
  return !(isWordCodePoint(before) && isWordCodePoint(after));
}
