import type { SourceDetail } from '../../../src-main/core/sources/types';
import { blocksWithOffsets } from '../format';

/** A slice of the canonical text drawn as is: `text` is `source.text.slice(start, start + text.length)`. */
export interface TextRun {
  start: number;
  text: string;
}

/**
 * What the reader draws, in order: page markers, headings and paragraphs of
 * the canonical text. Headings and paragraphs keep their text as runs with
 * offsets, so a highlight or a selection maps exactly to the text.
 */
export type ReaderItem =
  | { type: 'page'; page: number; key: string }
  | { type: 'heading'; level: 2 | 3 | 4 | 5 | 6; runs: TextRun[]; key: string }
  | { type: 'paragraph'; lines: TextRun[]; key: string };

/** A block's lines as runs; a heading's lines lose the spaces around their breaks (it is drawn on one line). */
function runsOf(start: number, text: string, trim: boolean): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const lead = trim ? line.length - line.trimStart().length : 0;
    const body = trim ? line.trim() : line;
    if (!trim || body.length > 0) runs.push({ start: start + at + lead, text: body });
    at += line.length + 1;
  }
  return runs;
}

const same = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Lays the canonical text out with its layout: a block that a heading span
 * covers becomes a heading, and a page marker goes before the first block of
 * each page. The source's title is the page's h1, so the document's heading
 * levels are ranked below it (its top level becomes h2, the next h3, …), and a
 * first heading that just repeats the title is not drawn twice.
 */
export function layoutItems(source: Pick<SourceDetail, 'text' | 'title' | 'layout'>): ReaderItem[] {
  const blocks = blocksWithOffsets(source.text);
  const headings = [...source.layout.headings].sort((a, b) => a.start - b.start);
  const pages = [...source.layout.pages].sort((a, b) => a.start - b.start || a.page - b.page);

  let h = 0;
  const levelOf = blocks.map((block) => {
    while (h < headings.length && headings[h]!.end <= block.start) h++;
    const heading = headings[h];
    return heading && heading.start < block.end ? heading.level : null;
  });
  const skipFirst = levelOf[0] !== null && blocks[0] !== undefined && same(blocks[0].text, source.title);
  const levels = [...new Set(levelOf.filter((l, i): l is number => l !== null && !(skipFirst && i === 0)))].sort(
    (a, b) => a - b,
  );
  const rank = (level: number): 2 | 3 | 4 | 5 | 6 => Math.min(6, 2 + levels.indexOf(level)) as 2 | 3 | 4 | 5 | 6;

  const items: ReaderItem[] = [];
  let p = 0;
  blocks.forEach((block, i) => {
    while (p < pages.length && pages[p]!.start <= block.start) {
      const { page } = pages[p++]!;
      items.push({ type: 'page', page, key: `page-${page}-${p}` });
    }
    if (i === 0 && skipFirst) return;
    const level = levelOf[i];
    const key = `block-${block.start}`;
    if (level !== null && level !== undefined) {
      items.push({ type: 'heading', level: rank(level), runs: runsOf(block.start, block.text, true), key });
    } else {
      items.push({ type: 'paragraph', lines: runsOf(block.start, block.text, false), key });
    }
  });
  return items;
}
