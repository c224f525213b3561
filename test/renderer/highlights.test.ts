import { describe, expect, it } from 'vitest';
import { runsOfItems, segmentRuns, trimSpan, type Segment } from '../../src-renderer/app/reader/highlights';
import { layoutItems, type TextRun } from '../../src-renderer/app/reader/layout';

const TEXT = 'Alexei Overchuk met Tariq Fatemi in Moscow.\nA second line.\n\nAnother paragraph about Russia.';

const runsOf = (text: string): TextRun[] =>
  runsOfItems(layoutItems({ text, title: 'Untitled', layout: { headings: [], pages: [] } }));

/** Each segment as `text[ids]`, to read a whole run at a glance. */
const show = (segments: Segment[][]): string[] =>
  segments.map((run) => run.map((s) => (s.spans.length ? `${s.text}[${s.spans.join(',')}]` : s.text)).join('|'));

describe('the reader layout keeps offsets', () => {
  it('gives every run the exact slice of the text it draws', () => {
    const text = 'Heading line one\n  and two  \n\nBody with\nbreaks.\n\nLast.';
    const items = layoutItems({
      text,
      title: 'Document',
      layout: { headings: [{ start: 0, end: 27, level: 1 }], pages: [] },
    });
    const runs = runsOfItems(items);
    for (const run of runs) expect(text.slice(run.start, run.start + run.text.length)).toBe(run.text);
    expect(items[0]).toMatchObject({ type: 'heading', runs: [{ text: 'Heading line one' }, { text: 'and two' }] });
    expect(runs.map((r) => r.text)).toEqual(['Heading line one', 'and two', 'Body with', 'breaks.', 'Last.']);
  });
});

describe('highlight segments', () => {
  it('leaves a run whole when nothing marks it', () => {
    expect(show(segmentRuns(runsOf(TEXT), []))).toEqual([
      'Alexei Overchuk met Tariq Fatemi in Moscow.',
      'A second line.',
      'Another paragraph about Russia.',
    ]);
  });

  it('cuts runs at each passage and covers a passage that spans lines and paragraphs', () => {
    const start = TEXT.indexOf('Moscow');
    const end = TEXT.indexOf('Another') + 'Another'.length;
    const segments = segmentRuns(runsOf(TEXT), [
      { id: 1, start: 0, end: 15 },
      { id: 2, start, end },
    ]);
    expect(show(segments)).toEqual([
      'Alexei Overchuk[1]| met Tariq Fatemi in |Moscow.[2]',
      'A second line.[2]',
      'Another[2]| paragraph about Russia.',
    ]);
    // Pieces keep their offsets, so the DOM can map back to the text.
    for (const run of segments) for (const s of run) expect(TEXT.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });

  it('keeps both of two overlapping passages, the later one on top', () => {
    const a = { id: 7, start: 0, end: 'Alexei Overchuk met'.length };
    const b = { id: 3, start: 'Alexei '.length, end: 'Alexei Overchuk met Tariq'.length };
    expect(show(segmentRuns(runsOf(TEXT), [b, a])).slice(0, 1)).toEqual([
      'Alexei [7]|Overchuk met[7,3]| Tariq[3]| Fatemi in Moscow.',
    ]);
  });

  it('nests a passage inside a longer one, and ignores empty spans', () => {
    const outer = { id: 1, start: 0, end: 43 };
    const inner = { id: 2, start: 20, end: 32 };
    expect(show(segmentRuns(runsOf(TEXT), [inner, outer, { id: 9, start: 5, end: 5 }])).slice(0, 1)).toEqual([
      'Alexei Overchuk met [1]|Tariq Fatemi[1,2]| in Moscow.[1]',
    ]);
  });

  it('handles many passages in one sweep', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i} names someone here.`).join('\n\n');
    const runs = runsOf(text);
    const spans = runs.map((r, i) => ({ id: i + 1, start: r.start + 10, end: r.start + 20 }));
    const started = performance.now();
    const segments = segmentRuns(runs, spans);
    expect(performance.now() - started).toBeLessThan(200);
    expect(segments.every((run) => run.filter((s) => s.spans.length === 1).length === 1)).toBe(true);
  });
});

describe('trimSpan', () => {
  it('drops white space at both ends, and refuses a span of white space', () => {
    const text = 'one  two\n\nthree';
    expect(trimSpan(text, 3, 10)).toEqual({ start: 5, end: 8 });
    expect(trimSpan(text, 8, 10)).toBeNull();
    expect(trimSpan(text, 10, 3)).toEqual({ start: 5, end: 8 });
  });
});
