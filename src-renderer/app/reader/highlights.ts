import type { ReaderItem, TextRun } from './layout';

/** A range of the canonical text to mark: a passage, or the selection a popover is about. */
export interface HighlightSpan {
  id: number;
  start: number;
  end: number;
}

/**
 * A piece of a run that the same spans cover from end to end. `spans` are the
 * ids covering it, by start then longest first: the last one is drawn on top.
 */
export interface Segment {
  start: number;
  text: string;
  spans: number[];
}

const byStart = (a: HighlightSpan, b: HighlightSpan): number => a.start - b.start || b.end - a.end || a.id - b.id;

/**
 * Cuts each run wherever a span begins or ends, so overlapping and nested
 * spans each keep their extent. Runs must come in text order (as the layout
 * gives them); one sweep over runs and spans, so a long text with many
 * passages stays linear. Empty spans are ignored.
 */
export function segmentRuns(runs: readonly TextRun[], spans: readonly HighlightSpan[]): Segment[][] {
  const sorted = spans.filter((s) => s.end > s.start).sort(byStart);
  let next = 0;
  let active: HighlightSpan[] = [];
  return runs.map((run) => {
    const a = run.start;
    const b = run.start + run.text.length;
    while (next < sorted.length && sorted[next]!.start < b) active.push(sorted[next++]!);
    active = active.filter((s) => s.end > a);
    if (active.length === 0 || a === b) return [{ start: a, text: run.text, spans: [] }];
    const cuts = new Set([a, b]);
    for (const s of active) {
      if (s.start > a && s.start < b) cuts.add(s.start);
      if (s.end > a && s.end < b) cuts.add(s.end);
    }
    const points = [...cuts].sort((x, y) => x - y);
    const out: Segment[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i]!;
      const to = points[i + 1]!;
      out.push({
        start: from,
        text: run.text.slice(from - a, to - a),
        spans: active.filter((s) => s.start <= from && s.end >= to).map((s) => s.id),
      });
    }
    return out;
  });
}

/** Every run a layout item draws, in text order. */
export function runsOfItems(items: readonly ReaderItem[]): TextRun[] {
  return items.flatMap((item) => (item.type === 'heading' ? item.runs : item.type === 'paragraph' ? item.lines : []));
}

/**
 * A selection's span without the white space at its ends (the core stores it
 * trimmed the same way); null when nothing but white space is left.
 */
export function trimSpan(text: string, start: number, end: number): { start: number; end: number } | null {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(text.length, Math.max(start, end));
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return s < e ? { start: s, end: e } : null;
}
