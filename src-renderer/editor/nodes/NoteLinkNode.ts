import {
  $applyNodeReplacement,
  DecoratorNode,
  type DOMExportOutput,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import { paintNoteChip } from '../refs/chips';
import { refsStore } from '../refs/refsStore';

export type SerializedNoteLinkNode = Spread<{ type: 'note-link'; noteId: number }, SerializedLexicalNode>;

/** A link to another note, shown by its current title. */
export class NoteLinkNode extends DecoratorNode<null> {
  __noteId: number;

  static override getType(): string {
    return 'note-link';
  }

  static override clone(node: NoteLinkNode): NoteLinkNode {
    return new NoteLinkNode(node.__noteId, node.__key);
  }

  static override importJSON(json: SerializedNoteLinkNode): NoteLinkNode {
    return $createNoteLinkNode(json.noteId);
  }

  constructor(noteId: number, key?: NodeKey) {
    super(key);
    this.__noteId = noteId;
  }

  override exportJSON(): SerializedNoteLinkNode {
    return { type: 'note-link', version: 1, noteId: this.__noteId };
  }

  /** Copied as a link to the app's own route, which a paste turns back into a reference. */
  override exportDOM(): DOMExportOutput {
    const a = document.createElement('a');
    a.href = `#/notes/${this.__noteId}`;
    a.textContent = this.getTextContent();
    return { element: a };
  }

  getNoteId(): number {
    return this.getLatest().__noteId;
  }

  override getTextContent(): string {
    return refsStore.get('note', this.__noteId)?.title ?? '';
  }

  override createDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'ref-host';
    paintNoteChip(span, this.__noteId);
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

export function $createNoteLinkNode(noteId: number): NoteLinkNode {
  return $applyNodeReplacement(new NoteLinkNode(noteId));
}

export function $isNoteLinkNode(node: LexicalNode | null | undefined): node is NoteLinkNode {
  return node instanceof NoteLinkNode;
}
