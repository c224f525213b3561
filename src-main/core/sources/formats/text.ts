import { CasebookError } from '../../errors';
import { decodeText } from '../decode';
import { canonicalize, deriveTitle } from '../normalize';
import type { Extracted } from '../types';

export const TEXT_EXTRACTOR = 'text@1';

/**
 * The analysts' text format may open with `date YYYY-MM-DD`, on its own line or
 * running straight into the first sentence.
 */
const DATE_MARKER = /^\s*date[ \t]+(\d{4})-(\d{2})-(\d{2})(?=\s|$)[ \t]*\n?/i;

export function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Splits off a leading date marker; an impossible date is left in the text. */
export function takeDateMarker(raw: string): { publishedAt: string | null; rest: string } {
  const m = DATE_MARKER.exec(raw);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return { publishedAt: null, rest: raw };
  return { publishedAt: `${m[1]}-${m[2]}-${m[3]}`, rest: raw.slice(m[0].length) };
}

export function extractText(bytes: Uint8Array, fileName: string): Extracted {
  const decoded = decodeText(bytes, fileName);
  const { publishedAt, rest } = takeDateMarker(decoded.replace(/^\ufeff/, ''));
  const text = canonicalize(rest);
  if (!text) throw new CasebookError('empty_file', `${fileName} has no text to import.`);
  return {
    kind: 'txt',
    extractor: TEXT_EXTRACTOR,
    text,
    title: deriveTitle(text),
    byline: null,
    publishedAt,
    url: null,
  };
}
