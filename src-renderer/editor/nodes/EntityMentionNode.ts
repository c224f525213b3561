import {
  $applyNodeReplacement,
  DecoratorNode,
  type DOMConversionMap,
  type DOMConversionOutput,
  type DOMExportOutput,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import { paintEntityChip } from '../refs/chips';
import { refsStore } from '../refs/refsStore';

export type SerializedEntityMentionNode = Spread<{ type: 'entity-mention'; entityId: number }, SerializedLexicalNode>;

/**
 * An entity mentioned in a note. It holds the entity's id only: the chip shows
 * the entity's name and type as they are now, so a rename or a merge shows in
 * every note at once, and the note's reference index records the mention.
 */
export class EntityMentionNode extends DecoratorNode<null> {
  __entityId: number;

  static override getType(): string {
    return 'entity-mention';
  }

  static override clone(node: EntityMentionNode): EntityMentionNode {
    return new EntityMentionNode(node.__entityId, node.__key);
  }

  static override importJSON(json: SerializedEntityMentionNode): EntityMentionNode {
    return $createEntityMentionNode(json.entityId);
  }

  static override importDOM(): DOMConversionMap | null {
    return {
      span: (el: HTMLElement) =>
        el.hasAttribute('data-casebook-entity') ? { conversion: $convertMention, priority: 2 } : null,
    };
  }

  constructor(entityId: number, key?: NodeKey) {
    super(key);
    this.__entityId = entityId;
  }

  override exportJSON(): SerializedEntityMentionNode {
    return { type: 'entity-mention', version: 1, entityId: this.__entityId };
  }

  /** Copied as a span carrying the id, so a paste into another note is a mention again. */
  override exportDOM(): DOMExportOutput {
    const span = document.createElement('span');
    span.setAttribute('data-casebook-entity', String(this.__entityId));
    span.textContent = this.getTextContent();
    return { element: span };
  }

  getEntityId(): number {
    return this.getLatest().__entityId;
  }

  override getTextContent(): string {
    return refsStore.get('entity', this.__entityId)?.name ?? '';
  }

  override createDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'mention-host';
    paintEntityChip(span, this.__entityId);
    return span;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): true {
    return true;
  }

  override isKeyboardSelectable(): boolean {
    return true;
  }

  /** Drawn by createDOM (see refs/chips.ts), so no React portal. */
  override decorate(): null {
    return null;
  }
}

function $convertMention(el: HTMLElement): DOMConversionOutput {
  const id = Number(el.getAttribute('data-casebook-entity'));
  return { node: Number.isSafeInteger(id) && id > 0 ? $createEntityMentionNode(id) : null };
}

export function $createEntityMentionNode(entityId: number): EntityMentionNode {
  return $applyNodeReplacement(new EntityMentionNode(entityId));
}

export function $isEntityMentionNode(node: LexicalNode | null | undefined): node is EntityMentionNode {
  return node instanceof EntityMentionNode;
}
