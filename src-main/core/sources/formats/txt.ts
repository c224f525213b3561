import { isRealDate } from '../dates';
import { decodeText } from '../decode';
import type { ExtractedDoc, Extractor } from './types';

/**
 * The analysts' text format may open with `date YYYY-MM-DD`, on its own line or
 * running straight into the first sentence.
 */
const DATE_MARKER = /^\s*date[ \t]+(\d{4})-(\d{2})-(\d{2})(?=\s|$)[ \t]*\n?/i;

/** Splits off a leading date marker; an impossible date is left in the text. */
export function takeDateMarker(raw: string): { publishedAt: string | null; rest: string } {
  const m = DATE_MARKER.exec(raw);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return { publishedAt: null, rest: raw };
  return { publishedAt: `${m[1]}-${m[2]}-${m[3]}`, rest: raw.slice(m[0].length) };
}

export const extractTxt: Extractor = (bytes, { fileName }): ExtractedDoc => {
  const { publishedAt, rest } = takeDateMarker(decodeText(bytes, fileName));
  return {
    kind: 'txt',
    extractor: 'txt@1',
    // Assembly splits paragraphs on blank lines.
    blocks: [{ kind: 'paragraph', text: rest }],
    title: null,
    byline: null,
    publishedAt,
    url: null,
  };
};
