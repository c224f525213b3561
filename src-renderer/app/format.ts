import type { SourceKind } from '../../src-main/core/sources/types';

const KIND_LABEL: Record<SourceKind, string> = {
  txt: 'Text',
  md: 'Markdown',
  html: 'HTML',
  pdf: 'PDF',
  docx: 'Word',
};

/** The original format in words; a kind newer than this renderer shows as its extension. */
export const kindLabel = (kind: SourceKind): string => KIND_LABEL[kind] ?? kind.toUpperCase();

/** A date as the core stores it (YYYY-MM-DD, maybe with a time): shown as the day, or a dash. */
export const dayOf = (date: string | null): string => (date ? date.slice(0, 10) : '—');

export const countLabel = (n: number): string => `${n.toLocaleString()} ${n === 1 ? 'source' : 'sources'}`;

/** Canonical text is blocks separated by one blank line; a single newline is a line break inside a block. */
export function splitBlocks(text: string): string[][] {
  return text
    .split('\n\n')
    .map((block) => block.split('\n'))
    .filter((lines) => lines.some((l) => l.length > 0));
}
