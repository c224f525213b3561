import { describe, expect, it } from 'vitest';
import {
  dropSlots,
  movedOrder,
  sectionAt,
  sectionEnd,
  stepSlot,
  type Levels,
} from '../../src-renderer/editor/plugins/SectionsPlugin/sections';

/*
 * A dossier as its top-level blocks: heading levels, null for other blocks.
 *   0 intro  1 h2 A  2 p  3 h3 A.1  4 p  5 h3 A.2  6 h2 B  7 p  8 h1 C  9 h2 D  10 p
 */
const DOC: Levels = [null, 2, null, 3, null, 3, 2, null, 1, 2, null];

describe('sections', () => {
  it('end at the next heading of the same or a higher level', () => {
    expect(sectionEnd(DOC, 1)).toBe(6);
    expect(sectionEnd(DOC, 3)).toBe(5);
    expect(sectionEnd(DOC, 5)).toBe(6);
    expect(sectionEnd(DOC, 6)).toBe(8);
    expect(sectionEnd(DOC, 8)).toBe(11);
    expect(() => sectionEnd(DOC, 0)).toThrow();
  });

  it('hold a block: the innermost heading before it, none before the first heading', () => {
    expect(sectionAt(DOC, 0)).toBeNull();
    expect(sectionAt(DOC, 2)).toBe(1);
    expect(sectionAt(DOC, 4)).toBe(3);
    expect(sectionAt(DOC, 5)).toBe(5);
    expect(sectionAt(DOC, 10)).toBe(9);
  });

  it('step past a sibling of their level, never out of their parent', () => {
    expect(stepSlot(DOC, 6, 'up')).toBe(1);
    expect(stepSlot(DOC, 1, 'down')).toBe(8);
    expect(stepSlot(DOC, 1, 'up')).toBeNull();
    expect(stepSlot(DOC, 6, 'down')).toBeNull();
    expect(stepSlot(DOC, 5, 'up')).toBe(3);
    expect(stepSlot(DOC, 3, 'down')).toBe(6);
    expect(stepSlot(DOC, 5, 'down')).toBeNull();
    expect(stepSlot(DOC, 9, 'up')).toBeNull();
  });

  it('move whole, subsections and all', () => {
    // B up: before A, taking its paragraph.
    expect(movedOrder(DOC, 6, stepSlot(DOC, 6, 'up')!)).toEqual([0, 6, 7, 1, 2, 3, 4, 5, 8, 9, 10]);
    // A down: after B, with A.1 and A.2.
    expect(movedOrder(DOC, 1, stepSlot(DOC, 1, 'down')!)).toEqual([0, 6, 7, 1, 2, 3, 4, 5, 8, 9, 10]);
    // A.2 up: before A.1.
    expect(movedOrder(DOC, 5, 3)).toEqual([0, 1, 2, 5, 3, 4, 6, 7, 8, 9, 10]);
    // To the end.
    expect(movedOrder(DOC, 6, 11)).toEqual([0, 1, 2, 3, 4, 5, 8, 9, 10, 6, 7]);
    // Onto itself: nothing moves.
    expect(movedOrder(DOC, 6, 8)).toEqual(DOC.map((_, i) => i));
  });

  it('drop only where they split no other section', () => {
    // An h2 goes before any h1 or h2 (or at the end), not inside A's subsections nor before the intro.
    expect(dropSlots(DOC, 6)).toEqual([1, 9, 11]);
    expect(dropSlots(DOC, 1)).toEqual([8, 9, 11]);
    // An h3 may go before any heading.
    expect(dropSlots(DOC, 3)).toEqual([1, 6, 8, 9, 11]);
    // The h1 only before headings of level 1, or the end.
    expect(dropSlots(DOC, 8)).toEqual([]);
    expect(dropSlots([1, null, 1, null], 2)).toEqual([0]);
  });

  it('keep every block exactly once, whatever the move', () => {
    const docs: Levels[] = [DOC, [1, 2, 2, 3, null, 2], [null, null, 2, null, 2], [3, 2, 1, 2, 3]];
    for (const doc of docs)
      doc.forEach((level, start) => {
        if (level === null) return;
        for (const slot of dropSlots(doc, start)) {
          const order = movedOrder(doc, start, slot);
          expect([...order].sort((a, b) => a - b)).toEqual(doc.map((_, i) => i));
          const end = sectionEnd(doc, start);
          const at = order.indexOf(start);
          // The section stays contiguous and in order.
          expect(order.slice(at, at + end - start)).toEqual(doc.map((_, i) => i).slice(start, end));
        }
      });
  });
});
