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

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO timestamp as a local date and time. */
export const dateTimeOf = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
};

/** The time between two ISO timestamps, roughly, in words. */
export function durationOf(fromIso: string, toIso: string): string {
  const seconds = Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 1000);
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

let languageNames: Intl.DisplayNames | null | undefined;

/** An ISO 639-1 code in words ("English"), falling back to the code. */
export function languageName(code: string): string {
  if (languageNames === undefined) {
    try {
      languageNames = new Intl.DisplayNames(undefined, { type: 'language' });
    } catch {
      languageNames = null;
    }
  }
  try {
    const name = languageNames?.of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/** A text block of the canonical text and where it sits in it. */
export interface TextBlock {
  start: number;
  end: number;
  text: string;
}

/** The blocks of the canonical text (separated by one blank line) with their offsets, for layout lookups. */
export function blocksWithOffsets(text: string): TextBlock[] {
  const out: TextBlock[] = [];
  let start = 0;
  while (start <= text.length) {
    const at = text.indexOf('\n\n', start);
    const end = at === -1 ? text.length : at;
    const block = text.slice(start, end);
    if (block.trim().length > 0) out.push({ start, end, text: block });
    if (at === -1) break;
    start = at + 2;
  }
  return out;
}
