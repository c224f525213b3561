import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { offsetOfPoint, offsetsOfRange, type DomNode } from '../../src-renderer/app/reader/offsets';

/*
 * The reader's markup for the text
 *   "Alexei Overchuk met Tariq.\nNext line.\n\nSecond paragraph."
 * with "Overchuk" highlighted, a heading before and a page marker between.
 */
const HTML = `<div id="root"><h2><span data-start="100">Title</span> <span data-start="110">words</span></h2>
<div class="page-marker"><span>Page 2</span></div>
<p><span data-start="0">Alexei </span><mark data-start="7">Overchuk</mark><span data-start="15"> met Tariq.</span><br><span data-start="27">Next line.</span></p><p><span data-start="39">Second paragraph.</span></p></div>`;

function dom(): { root: DomNode; q(selector: string): DomNode; text(selector: string): DomNode } {
  const { document } = parseHTML(`<html><body>${HTML}</body></html>`);
  const q = (selector: string): DomNode => document.querySelector(selector) as unknown as DomNode;
  return { root: q('#root'), q, text: (selector) => q(selector).firstChild! };
}

describe('offsetOfPoint', () => {
  it('maps a point inside a piece of text to its offset', () => {
    const { root, text } = dom();
    expect(offsetOfPoint(root, text('mark'), 3, 'start')).toBe(10);
    expect(offsetOfPoint(root, text('span[data-start="27"]'), 4, 'end')).toBe(31);
  });

  it('maps a point on the piece element itself', () => {
    const { root, q } = dom();
    expect(offsetOfPoint(root, q('mark'), 0, 'start')).toBe(7);
    expect(offsetOfPoint(root, q('mark'), 1, 'end')).toBe(15);
  });

  it('moves a point between pieces forward for a start and back for an end', () => {
    const { root, q } = dom();
    const p = q('p');
    // Child 3 of the first paragraph is the <br>.
    expect(offsetOfPoint(root, p, 3, 'start')).toBe(27);
    expect(offsetOfPoint(root, p, 3, 'end')).toBe(26);
    expect(offsetOfPoint(root, p, 0, 'end')).toBe(115);
  });

  it('moves a point in text that is not the source (a page marker, a joining space)', () => {
    const { root, q, text } = dom();
    expect(offsetOfPoint(root, text('.page-marker span'), 2, 'start')).toBe(0);
    expect(offsetOfPoint(root, text('.page-marker span'), 2, 'end')).toBe(115);
    const joining = q('h2').childNodes[1]!;
    expect(offsetOfPoint(root, joining, 0, 'start')).toBe(110);
    expect(offsetOfPoint(root, joining, 1, 'end')).toBe(105);
  });

  it('has no offset past the last piece, nor before the first', () => {
    const { root } = dom();
    expect(offsetOfPoint(root, root, root.childNodes.length, 'start')).toBeNull();
    expect(offsetOfPoint(root, root, 0, 'end')).toBeNull();
    expect(offsetOfPoint(root, root, 0, 'start')).toBe(100);
  });
});

describe('offsetsOfRange', () => {
  it('turns a selection across a highlight and a line break into [start, end)', () => {
    const { root, text } = dom();
    expect(
      offsetsOfRange(root, {
        startContainer: text('span[data-start="0"]'),
        startOffset: 2,
        endContainer: text('span[data-start="27"]'),
        endOffset: 4,
      }),
    ).toEqual({ start: 2, end: 31 });
  });

  it('turns a selection across paragraphs into one span', () => {
    const { root, q, text } = dom();
    expect(
      offsetsOfRange(root, {
        startContainer: text('mark'),
        startOffset: 0,
        endContainer: q('p:last-child'),
        endOffset: 1,
      }),
    ).toEqual({ start: 7, end: 56 });
  });

  it('is null for a selection of no text', () => {
    const { root, q } = dom();
    expect(
      offsetsOfRange(root, { startContainer: q('p'), startOffset: 3, endContainer: q('p'), endOffset: 4 }),
    ).toBeNull();
  });
});
