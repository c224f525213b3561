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
import type { EvidenceBlockKind } from '../../../src-main/core/dossiers/types';
import { evidence, evidenceKey } from '../refs/dossierRefs';
import { EvidenceBlock } from '../refs/EvidenceBlock';
import { evidenceText } from '../refs/evidenceText';

export type SerializedEvidenceBlockNode = Spread<
  { type: 'evidence-block'; entityId: number; block: EvidenceBlockKind },
  SerializedLexicalNode
>;

/**
 * A live evidence block: what the notebook holds about an entity (its
 * passages, its timeline, who appears with it, its sources), computed anew
 * each time it is shown or exported. "Freeze" turns it into ordinary content.
 */
export class EvidenceBlockNode extends DecoratorNode<ReactElement> {
  __entityId: number;
  __block: EvidenceBlockKind;

  static override getType(): string {
    return 'evidence-block';
  }

  static override clone(node: EvidenceBlockNode): EvidenceBlockNode {
    return new EvidenceBlockNode(node.__entityId, node.__block, node.__key);
  }

  static override importJSON(json: SerializedEvidenceBlockNode): EvidenceBlockNode {
    return $createEvidenceBlockNode(json.entityId, json.block);
  }

  constructor(entityId: number, block: EvidenceBlockKind, key?: NodeKey) {
    super(key);
    this.__entityId = entityId;
    this.__block = block;
  }

  override exportJSON(): SerializedEvidenceBlockNode {
    return { type: 'evidence-block', version: 1, entityId: this.__entityId, block: this.__block };
  }

  /** Copied as the text it shows now: a paste elsewhere is a snapshot, not a live block. */
  override exportDOM(): DOMExportOutput {
    const div = document.createElement('div');
    for (const line of this.getTextContent().split('\n')) {
      const p = document.createElement('p');
      p.textContent = line;
      div.append(p);
    }
    return { element: div };
  }

  getEntityId(): number {
    return this.getLatest().__entityId;
  }

  getBlock(): EvidenceBlockKind {
    return this.getLatest().__block;
  }

  override getTextContent(): string {
    return evidenceText(evidence.get(evidenceKey(this.__entityId, this.__block)).value);
  }

  override createDOM(): HTMLElement {
    const div = document.createElement('div');
    div.className = 'evidence-block-host';
    return div;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): false {
    return false;
  }

  override decorate(): ReactElement {
    return <EvidenceBlock entityId={this.__entityId} block={this.__block} nodeKey={this.getKey()} />;
  }
}

export function $createEvidenceBlockNode(entityId: number, block: EvidenceBlockKind): EvidenceBlockNode {
  return $applyNodeReplacement(new EvidenceBlockNode(entityId, block));
}

export function $isEvidenceBlockNode(node: LexicalNode | null | undefined): node is EvidenceBlockNode {
  return node instanceof EvidenceBlockNode;
}
