/*
 * From a point in the reader's DOM (a Selection's boundary) back to an offset
 * in the canonical text. Every drawn piece of text is an element carrying
 * `data-start`, its offset; everything else (line breaks, page markers, the
 * space that joins a heading's lines) is not text of the source and maps to
 * the nearest piece in the direction that keeps the selection inside it.
 *
 * Written against the few Node members it uses, not the DOM library, so the
 * unit tests can run it on a server-side DOM.
 */

export interface DomNode {
  nodeType: number;
  parentNode: DomNode | null;
  childNodes: ArrayLike<DomNode>;
  firstChild: DomNode | null;
  lastChild: DomNode | null;
  previousSibling: DomNode | null;
  nextSibling: DomNode | null;
  textContent: string | null;
}

export const OFFSET_ATTRIBUTE = 'data-start';

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

function startOf(node: DomNode): number | null {
  if (node.nodeType !== ELEMENT_NODE) return null;
  const value = (node as DomNode & { getAttribute(name: string): string | null }).getAttribute(OFFSET_ATTRIBUTE);
  return value === null ? null : Number(value);
}

/** The piece (element with an offset) that holds `node`, below `root`. */
function pieceOf(node: DomNode, root: DomNode): DomNode | null {
  for (let n: DomNode | null = node; n && n !== root; n = n.parentNode) if (startOf(n) !== null) return n;
  return null;
}

/** Characters of `piece` before the point (child `index` of `node`, or offset `index` in a text node). */
function charsBefore(piece: DomNode, node: DomNode, index: number): number {
  let count = 0;
  // The text of every earlier sibling, then the same for each ancestor up to the piece.
  let child: DomNode | null;
  if (node.nodeType === TEXT_NODE) {
    count += index;
    child = node;
  } else {
    for (let i = 0; i < index && i < node.childNodes.length; i++) count += node.childNodes[i]!.textContent?.length ?? 0;
    child = node;
  }
  while (child !== piece) {
    for (let s = child.previousSibling; s; s = s.previousSibling) count += s.textContent?.length ?? 0;
    child = child.parentNode!;
  }
  return count;
}

/** The next node in document order after `node`'s subtree, without leaving `root`. */
function after(node: DomNode, root: DomNode): DomNode | null {
  for (let n: DomNode | null = node; n && n !== root; n = n.parentNode) if (n.nextSibling) return n.nextSibling;
  return null;
}

/** Document order from `node` (inclusive), never leaving `root`. */
function forward(node: DomNode, root: DomNode): DomNode | null {
  return node.firstChild ?? after(node, root);
}

/** The deepest last descendant of `node`, or `node`. */
function deepestLast(node: DomNode): DomNode {
  let n = node;
  while (n.lastChild) n = n.lastChild;
  return n;
}

/** Reverse document order, never leaving `root`. */
function backward(node: DomNode, root: DomNode): DomNode | null {
  if (node === root) return null;
  if (node.previousSibling) return deepestLast(node.previousSibling);
  const parent = node.parentNode;
  return parent && parent !== root ? parent : null;
}

function firstPieceFrom(node: DomNode | null, root: DomNode): number | null {
  for (let n = node; n; n = forward(n, root)) {
    const start = startOf(n);
    if (start !== null) return start;
  }
  return null;
}

function lastPieceFrom(node: DomNode | null, root: DomNode): number | null {
  for (let n = node; n; n = backward(n, root)) {
    const piece = pieceOf(n, root);
    if (piece) return startOf(piece)! + (piece.textContent?.length ?? 0);
  }
  return null;
}

/**
 * The text offset of a DOM point (`node`, `offset`) inside `root`. A point
 * outside any piece of text moves forward to the next piece when it starts a
 * selection (`bias` 'start'), back to the previous one when it ends it; null
 * when there is none that way.
 */
export function offsetOfPoint(root: DomNode, node: DomNode, offset: number, bias: 'start' | 'end'): number | null {
  const piece = pieceOf(node, root);
  if (piece) return startOf(piece)! + charsBefore(piece, node, offset);
  if (node.nodeType === TEXT_NODE) {
    return bias === 'start' ? firstPieceFrom(after(node, root), root) : lastPieceFrom(backward(node, root), root);
  }
  if (bias === 'start') {
    const child = node.childNodes[offset];
    return firstPieceFrom(child ?? after(node, root), root);
  }
  const child = offset > 0 ? node.childNodes[offset - 1] : undefined;
  return lastPieceFrom(child ? deepestLast(child) : backward(node, root), root);
}

/**
 * A selection's [start, end) in the text, given its two boundary points
 * already clipped to `root`; null when it covers no text.
 */
export function offsetsOfRange(
  root: DomNode,
  range: { startContainer: DomNode; startOffset: number; endContainer: DomNode; endOffset: number },
): { start: number; end: number } | null {
  const start = offsetOfPoint(root, range.startContainer, range.startOffset, 'start');
  const end = offsetOfPoint(root, range.endContainer, range.endOffset, 'end');
  return start !== null && end !== null && end > start ? { start, end } : null;
}
