import { readFileSync } from 'node:fs';
import { describe as group, expect, it } from 'vitest';
import { describe, reanchor, type Selector } from '../../../src-main/core/passages/anchor';
import { CasebookError } from '../../../src-main/core/errors';
import { canonicalize } from '../../../src-main/core/sources/normalize';
import { SAMPLE } from '../../support/tmp';

const TEXT = canonicalize(readFileSync(SAMPLE, 'utf8').replace(/^date \S+\n/, ''));

/** The selectors of the first (or `nth`) occurrence of `quote` in `text`. */
function select(text: string, quote: string, nth = 0): Selector {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`no ${quote} in the text`);
  return describe(text, at, at + quote.length);
}

const spanOf = (text: string, r: { start: number; end: number } | null): string | null =>
  r ? text.slice(r.start, r.end) : null;

group('describe', () => {
  it('takes the quote and 32 characters of context on each side', () => {
    const sel = select(TEXT, 'Alexei Overchuk');
    expect(sel.exact).toBe('Alexei Overchuk');
    expect(sel.prefix).toBe(TEXT.slice(sel.start - 32, sel.start));
    expect(sel.prefix.endsWith('Deputy Prime Minister ')).toBe(true);
    expect(sel.suffix).toBe(TEXT.slice(sel.end, sel.end + 32));
  });

  it('trims the whitespace a selection drags along, and clips context at the ends of the text', () => {
    const sel = describe('  Tariq Fatemi \n', 0, 16);
    expect(sel).toEqual({ start: 2, end: 14, exact: 'Tariq Fatemi', prefix: '  ', suffix: ' \n' });
  });

  it('never splits a surrogate pair', () => {
    const text = 'Flag 🇵🇰 of Pakistan';
    const sel = describe(text, 6, 9); // from inside the first flag letter to inside the second
    expect(sel.exact).toBe('🇵🇰');
  });

  it('refuses empty, blank and out-of-range spans', () => {
    for (const [s, e] of [
      [3, 3],
      [5, 2],
      [-1, 4],
      [0, TEXT.length + 1],
    ] as const) {
      expect(() => describe(TEXT, s, e)).toThrow(CasebookError);
    }
    expect(() => describe('a    b', 1, 5)).toThrow(/only whitespace/);
  });
});

group('reanchor', () => {
  const sel = select(TEXT, 'Overchuk also recalled his visit to Pakistan last year');

  it('keeps a passage whose text did not change where it was', () => {
    expect(reanchor(TEXT, sel)).toEqual({ start: sel.start, end: sel.end });
  });

  it('follows the quote when text is inserted before it', () => {
    const edited = 'An editor’s note added at the top.\n\n' + TEXT;
    const r = reanchor(edited, sel);
    expect(r).toEqual({ start: sel.start + 36, end: sel.end + 36 });
  });

  it('follows the quote when text before it is removed', () => {
    const cut = TEXT.indexOf('The delegation is currently');
    const edited = TEXT.slice(0, cut) + TEXT.slice(TEXT.indexOf('During the meeting'));
    expect(spanOf(edited, reanchor(edited, sel))).toBe(sel.exact);
  });

  it('finds a quote edited inside (a typo fixed, a word changed) by fuzzy matching', () => {
    const edited = TEXT.replace('recalled his visit to Pakistan', 'recalled his trip to Pakistan');
    const r = reanchor(edited, sel);
    expect(spanOf(edited, r)).toBe('Overchuk also recalled his trip to Pakistan last year');
  });

  it('finds a quote with changed punctuation and spacing', () => {
    const quote = select(TEXT, 'described Pakistan as an “important partner” in the region’s economic');
    const edited = TEXT.replace(
      'described Pakistan as an “important partner” in the region’s economic',
      'described Pakistan as an "important partner" in the region\'s  economic',
    );
    expect(spanOf(edited, reanchor(edited, quote))).toBe(
      'described Pakistan as an "important partner" in the region\'s  economic',
    );
  });

  it('follows a paragraph moved elsewhere in the text', () => {
    const paragraphs = TEXT.split('\n\n');
    const moved = paragraphs.findIndex((p) => p.includes(sel.exact));
    const [p] = paragraphs.splice(moved, 1);
    paragraphs.push(p!);
    const edited = paragraphs.join('\n\n');
    const r = reanchor(edited, sel);
    expect(spanOf(edited, r)).toBe(sel.exact);
    expect(r!.start).toBeGreaterThan(edited.length / 2);
  });

  it('gives up (an orphan) when the quote is gone', () => {
    const edited = TEXT.replace(/During the meeting, [^\n]*/, 'The paragraph was withdrawn by the publisher.');
    expect(reanchor(edited, sel)).toBeNull();
  });

  it('gives up when the quote was rewritten beyond recognition', () => {
    const edited = TEXT.replace(
      'Overchuk also recalled his visit to Pakistan last year',
      'The Russian minister remembered travelling there in 2024',
    );
    expect(reanchor(edited, sel)).toBeNull();
  });

  it('tells a repeated quote apart by its context', () => {
    // "Alexei Overchuk" occurs twice; each passage keeps its own occurrence after an insertion.
    const first = select(TEXT, 'Alexei Overchuk', 0);
    const second = select(TEXT, 'Alexei Overchuk', 1);
    expect(second.start).toBeGreaterThan(first.start);
    const edited = 'Preface.\n\n' + TEXT;
    expect(reanchor(edited, first)!.start).toBe(first.start + 10);
    expect(reanchor(edited, second)!.start).toBe(second.start + 10);
  });

  it('picks the repeat whose context fits when the context changed a little', () => {
    const second = select(TEXT, 'Alexei Overchuk', 1);
    // The second occurrence's sentence is edited just before the name, and the text shifts.
    const edited = ('Preface.\n\n' + TEXT).replace(
      'Welcoming the high-level visit, Russian Deputy Prime Minister Alexei',
      'Welcoming the high level visit, Russia’s Deputy Prime Minister Alexei',
    );
    const r = reanchor(edited, second)!;
    expect(edited.slice(r.start - 80, r.start)).toContain('Welcoming the high level visit');
  });

  it('uses the old position to choose among repeats whose context is the same', () => {
    const text = 'SCO. SCO. SCO. SCO.';
    const third = describe(text, 10, 13);
    // Context alone cannot tell them apart once the text shifts: the nearest to the old place wins.
    const edited = 'x' + text.replace(/\./g, ';');
    expect(reanchor(edited, third)).toEqual({ start: 11, end: 14 });
  });

  it('finds a short quote again by its context when the text shifted and its suffix changed', () => {
    const sco = select(TEXT, 'SCO', 0);
    const edited = 'Note. ' + TEXT.replace('(SCO) Summit', '(SCO) summit');
    const r = reanchor(edited, sco)!;
    expect(edited.slice(r.start - 1, r.end + 1)).toBe('(SCO)');
  });
});
