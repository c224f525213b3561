import {
  $applyNodeReplacement,
  DecoratorNode,
  type DOMExportOutput,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import { paintSourceChip } from '../refs/chips';
import { refsStore } from '../refs/refsStore';

export type SerializedSourceLinkNode = Spread<{ type: 'source-link'; sourceId: number }, SerializedLexicalNode>;

/** A link to a source in the Library, shown by the source's current title. */
export class SourceLinkNode extends DecoratorNode<null> {
  __sourceId: number;

  static override getType(): string {
    return 'source-link';
  }

  static override clone(node: SourceLinkNode): SourceLinkNode {
    return new SourceLinkNode(node.__sourceId, node.__key);
  }

  static override importJSON(json: SerializedSourceLinkNode): SourceLinkNode {
    return $createSourceLinkNode(json.sourceId);
  }

  constructor(sourceId: number, key?: NodeKey) {
    super(key);
    this.__sourceId = sourceId;
  }

  override exportJSON(): SerializedSourceLinkNode {
    return { type: 'source-link', version: 1, sourceId: this.__sourceId };
  }

  /** Copied as a link to the app's own route, which a paste turns back into a reference. */
  override exportDOM(): DOMExportOutput {
    const a = document.createElement('a');
    a.href = `#/source/${this.__sourceId}`;
    a.textContent = this.getTextContent();
    return { element: a };
  }

  getSourceId(): number {
    return this.getLatest().__sourceId;
  }

  override getTextContent(): string {
    return refsStore.get('source', this.__sourceId)?.title ?? '';
  }

  override createDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'ref-host';
    paintSourceChip(span, this.__sourceId);
    return span;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): true {
    return true;
  }

  /** Drawn by createDOM (see refs/chips.ts), so no React portal. */
  override decorate(): null {
    return null;
  }
}

export function $createSourceLinkNode(sourceId: number): SourceLinkNode {
  return $applyNodeReplacement(new SourceLinkNode(sourceId));
}

export function $isSourceLinkNode(node: LexicalNode | null | undefined): node is SourceLinkNode {
  return node instanceof SourceLinkNode;
}
