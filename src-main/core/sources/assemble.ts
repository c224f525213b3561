import { CasebookError } from '../errors';
import type { Block, ExtractedDoc } from './formats/types';
import { canonicalize, deriveTitle, clipTitle } from './normalize';

import type { SourceLayout } from './types';

export type Layout = SourceLayout;

export interface Assembled {
  text: string;
  layout: Layout;
  title: string;
}

/**
 * Turns blocks into the canonical text (every format ends here, so the same
 * words give the same text whatever file they came in) and records where
 * headings and pages fall in it.
 */
export function assemble(doc: ExtractedDoc, fileName: string): Assembled {
  const parts: string[] = [];
  const layout: Layout = { headings: [], pages: [] };
  let offset = 0;
  const place = (block: Block, text: string): void => {
    if (parts.length > 0) offset += 2; // the blank line between blocks
    const start = offset;
    parts.push(text);
    offset += text.length;
    if (block.kind === 'heading') layout.headings.push({ start, end: offset, level: block.level ?? 1 });
    if (block.page !== undefined) {
      const last = layout.pages[layout.pages.length - 1];
      if (last && last.page === block.page) last.end = offset;
      else layout.pages.push({ page: block.page, start, end: offset });
    }
  };
  for (const block of doc.blocks) {
    // A block may itself hold blank lines (a text file's paragraphs): each becomes its own block.
    const canonical = canonicalize(block.text);
    if (!canonical) continue;
    if (block.kind === 'heading') place(block, canonical.replace(/\s+/g, ' '));
    else for (const paragraph of canonical.split('\n\n')) place(block, paragraph);
  }
  const text = parts.join('\n\n');
  if (!text) throw new CasebookError('empty_file', `${fileName} has no text to import.`);
  const given = doc.title ? clipTitle(canonicalize(doc.title).replace(/\s+/g, ' ')) : '';
  return { text, layout, title: given || deriveTitle(text) };
}
