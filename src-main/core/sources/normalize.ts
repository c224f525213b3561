import { createHash } from 'node:crypto';

/**
 * Canonical text: NFC, `\n` line endings, no control characters, spaces
 * collapsed inside lines, blocks (paragraphs, headings) separated by exactly
 * one blank line. Offsets of passages point into this string.
 */
export function canonicalize(raw: string): string {
  const text = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    // Tabs, no-break and other Unicode spaces become plain spaces; zero-width and
    // control characters (except newline) are dropped.
    .replace(/[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f\u200b\ufeff]/g, '');
  const blocks: string[] = [];
  for (const block of text.split(/\n[ ]*\n/)) {
    const lines = block
      .split('\n')
      .map((line) => line.replace(/ {2,}/g, ' ').trim())
      .filter((line) => line.length > 0);
    if (lines.length > 0) blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/**
 * The dedup key: the same words in the same order are the same source,
 * whatever whitespace or line breaks they came with.
 */
export function contentHash(canonical: string): string {
  return createHash('sha256').update(canonical.replace(/\s+/g, ' ').trim()).digest('hex');
}

export function bytesHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const TITLE_MAX = 100;

/** Shortens to at most TITLE_MAX characters at a word boundary. */
export function clipTitle(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= TITLE_MAX) return oneLine;
  const cut = oneLine.slice(0, TITLE_MAX);
  const space = cut.lastIndexOf(' ');
  return (space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '') + '…';
}

// Built once: constructing a Segmenter loads ICU data, dearer than segmenting an opening paragraph.
const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * A title when the file gives none: a short first line standing alone as a
 * headline, otherwise the opening sentence, clipped.
 */
export function deriveTitle(canonical: string): string {
  const firstBlock = canonical.split('\n\n', 1)[0] ?? '';
  const firstLine = firstBlock.split('\n', 1)[0] ?? '';
  if (firstBlock === firstLine && firstLine.length <= 120 && !/[.!?…:;,]["”’»)]?$/.test(firstLine)) {
    return clipTitle(firstLine);
  }
  const first = sentences.segment(firstBlock)[Symbol.iterator]().next();
  const sentence = first.done ? firstBlock : first.value.segment;
  return clipTitle(sentence.replace(/[.!?]\s*$/, '')) || 'Untitled';
}
