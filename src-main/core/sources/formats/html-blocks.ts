import type { Block } from './types';

/** The few DOM members the walk reads, so that any DOM (linkedom here) fits. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);
/** Never text: code, styling, embedded and interactive content. */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'MATH',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
  'BUTTON',
  'SELECT',
  'INPUT',
  'TEXTAREA',
]);
const HEADING = /^H([1-6])$/;

/**
 * Reduces an HTML tree to blocks: headings with their level, and paragraphs
 * from every other block element. Inline markup is flattened to its text;
 * `<br>` becomes a line break. Iterative, so deeply nested markup cannot
 * overflow the stack.
 */
export function htmlToBlocks(root: DomNode): Block[] {
  const blocks: Block[] = [];
  let buffer = '';
  const flush = (): void => {
    if (buffer.trim()) blocks.push({ kind: 'paragraph', text: buffer });
    buffer = '';
  };
  type Frame = { node: DomNode; exit?: boolean };
  const stack: Frame[] = [{ node: root }];
  while (stack.length > 0) {
    const { node, exit } = stack.pop()!;
    const name = node.nodeName.toUpperCase();
    if (exit) {
      if (BLOCK.has(name)) flush();
      continue;
    }
    if (node.nodeType === 3) {
      // Source line breaks in HTML are just spaces; only <br> breaks a line.
      buffer += (node.textContent ?? '').replace(/\s+/g, ' ');
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    if (SKIP.has(name)) continue;
    const heading = HEADING.exec(name);
    if (heading) {
      flush();
      const text = textOf(node, ' ').replace(/\s+/g, ' ').trim();
      if (text) blocks.push({ kind: 'heading', level: Number(heading[1]), text });
      continue;
    }
    if (name === 'PRE') {
      flush();
      buffer = textOf(node, '\n');
      flush();
      continue;
    }
    if (name === 'BR') {
      buffer += '\n';
      continue;
    }
    if (BLOCK.has(name)) {
      flush();
      stack.push({ node, exit: true });
    }
    // Read childNodes once: linkedom builds a fresh array on every access (quadratic on wide nodes).
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]! });
  }
  flush();
  return blocks;
}

/**
 * The text of a heading or `<pre>`: like textContent, but a `<br>` counts
 * (as `br`) and script, style and other SKIP content does not. Iterative.
 */
function textOf(root: DomNode, br: string): string {
  let text = '';
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === 3) {
      text += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1) continue;
    const name = node.nodeName.toUpperCase();
    if (name === 'BR') text += br;
    else if (!SKIP.has(name) || node === root) {
      const children = node.childNodes;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return text;
}
