import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalNodeSelection } from '@lexical/react/useLexicalNodeSelection';
import { mergeRegister } from '@lexical/utils';
import {
  $applyNodeReplacement,
  CLICK_COMMAND,
  COMMAND_PRIORITY_LOW,
  DecoratorNode,
  type DOMExportOutput,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import { useEffect, type ReactElement } from 'react';
import { PassageQuote } from '../refs/PassageQuote';
import { refsStore } from '../refs/refsStore';

export type SerializedPassageQuoteNode = Spread<{ type: 'passage-quote'; passageId: number }, SerializedLexicalNode>;

/**
 * A quoted passage, as a block of its own. It holds the passage id: the words
 * and the citation (source, date, page) are looked up, so the quote stays tied
 * to the exact place it came from, and a deleted passage shows as deleted.
 */
export class PassageQuoteNode extends DecoratorNode<ReactElement> {
  __passageId: number;

  static override getType(): string {
    return 'passage-quote';
  }

  static override clone(node: PassageQuoteNode): PassageQuoteNode {
    return new PassageQuoteNode(node.__passageId, node.__key);
  }

  static override importJSON(json: SerializedPassageQuoteNode): PassageQuoteNode {
    return $createPassageQuoteNode(json.passageId);
  }

  constructor(passageId: number, key?: NodeKey) {
    super(key);
    this.__passageId = passageId;
  }

  override exportJSON(): SerializedPassageQuoteNode {
    return { type: 'passage-quote', version: 1, passageId: this.__passageId };
  }

  override exportDOM(): DOMExportOutput {
    const quote = document.createElement('blockquote');
    const view = refsStore.get('passage', this.__passageId);
    quote.textContent = view?.exact ?? '';
    if (view?.sourceTitle) {
      const cite = document.createElement('cite');
      cite.textContent = ` — ${view.sourceTitle}`;
      quote.append(cite);
    }
    return { element: quote };
  }

  getPassageId(): number {
    return this.getLatest().__passageId;
  }

  override getTextContent(): string {
    return refsStore.get('passage', this.__passageId)?.exact ?? '';
  }

  override createDOM(): HTMLElement {
    const div = document.createElement('div');
    div.className = 'passage-quote-host';
    return div;
  }

  override updateDOM(): false {
    return false;
  }

  override isInline(): false {
    return false;
  }

  override decorate(): ReactElement {
    return <QuoteBlock passageId={this.__passageId} nodeKey={this.getKey()} />;
  }
}

/** Clicking the quote (not its citation) selects it, so Backspace or Delete removes it. */
function QuoteBlock({ passageId, nodeKey }: { passageId: number; nodeKey: NodeKey }): ReactElement {
  const [editor] = useLexicalComposerContext();
  const [selected, setSelected, clearSelection] = useLexicalNodeSelection(nodeKey);
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          CLICK_COMMAND,
          (event: MouseEvent) => {
            const host = editor.getElementByKey(nodeKey);
            const target = event.target as Node | null;
            if (!host || !target || !host.contains(target) || (target as Element).closest?.('a')) return false;
            if (!event.shiftKey) clearSelection();
            setSelected(true);
            return true;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor, nodeKey, clearSelection, setSelected],
  );
  return <PassageQuote passageId={passageId} selected={selected} />;
}

export function $createPassageQuoteNode(passageId: number): PassageQuoteNode {
  return $applyNodeReplacement(new PassageQuoteNode(passageId));
}

export function $isPassageQuoteNode(node: LexicalNode | null | undefined): node is PassageQuoteNode {
  return node instanceof PassageQuoteNode;
}
