import {
  $applyNodeReplacement,
  DecoratorNode,
  type DOMExportOutput,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import type { ReactElement } from 'react';
import { EntityCard } from '../refs/EntityCard';
import { entityCards } from '../refs/dossierRefs';
import { refsStore } from '../refs/refsStore';

export type SerializedEntityCardNode = Spread<{ type: 'entity-card'; entityId: number }, SerializedLexicalNode>;

/**
 * An entity's card in a dossier: type, name, aliases and description as the
 * entity has them now. It holds the id only, so an edit to the entity (or a
 * merge) shows in the dossier and in its export without touching the dossier.
 */
export class EntityCardNode extends DecoratorNode<ReactElement> {
  __entityId: number;

  static override getType(): string {
    return 'entity-card';
  }

  static override clone(node: EntityCardNode): EntityCardNode {
    return new EntityCardNode(node.__entityId, node.__key);
  }

  static override importJSON(json: SerializedEntityCardNode): EntityCardNode {
    return $createEntityCardNode(json.entityId);
  }

  constructor(entityId: number, key?: NodeKey) {
    super(key);
    this.__entityId = entityId;
  }

  override exportJSON(): SerializedEntityCardNode {
    return { type: 'entity-card', version: 1, entityId: this.__entityId };
  }

  /** Copied as the card's words; a paste elsewhere keeps the text, not a live card. */
  override exportDOM(): DOMExportOutput {
    const section = document.createElement('section');
    const name = document.createElement('h3');
    name.textContent = this.getTextContent();
    section.append(name);
    const entity = entityCards.get(String(this.__entityId)).value;
    if (entity?.description) {
      const p = document.createElement('p');
      p.textContent = entity.description;
      section.append(p);
    }
    return { element: section };
  }

  getEntityId(): number {
    return this.getLatest().__entityId;
  }

  override getTextContent(): string {
    return refsStore.get('entity', this.__entityId)?.name ?? '';
  }

  override createDOM(): HTMLElement {
    const div = document.createElement('div');
    div.className = 'entity-card-host';
    return div;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): false {
    return false;
  }

  override decorate(): ReactElement {
    return <EntityCard entityId={this.__entityId} nodeKey={this.getKey()} />;
  }
}

export function $createEntityCardNode(entityId: number): EntityCardNode {
  return $applyNodeReplacement(new EntityCardNode(entityId));
}

export function $isEntityCardNode(node: LexicalNode | null | undefined): node is EntityCardNode {
  return node instanceof EntityCardNode;
}
