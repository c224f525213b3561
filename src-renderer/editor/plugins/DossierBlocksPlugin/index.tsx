import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $insertNodeToNearestRoot, mergeRegister } from '@lexical/utils';
import {
  $createParagraphNode,
  $getNodeByKey,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  COMMAND_PRIORITY_EDITOR,
  type LexicalNode,
} from 'lexical';
import { useEffect } from 'react';
import {
  FREEZE_EVIDENCE_COMMAND,
  INSERT_ENTITY_CARD_COMMAND,
  INSERT_EVIDENCE_BLOCK_COMMAND,
} from '../../dossierCommands';
import { $createEntityCardNode } from '../../nodes/EntityCardNode';
import { $createEvidenceBlockNode, $isEvidenceBlockNode } from '../../nodes/EvidenceBlockNode';
import { evidence, evidenceKey } from '../../refs/dossierRefs';
import { refsStore } from '../../refs/refsStore';
import { $frozenNodes } from './freeze';

/** Puts a block at the caret (splitting the paragraph there), or at the end; the caret goes after it. */
function $insertBlock(block: LexicalNode): void {
  const selection = $getSelection();
  if ($isRangeSelection(selection)) $insertNodeToNearestRoot(block);
  else $getRoot().append(block);
  if (!block.getNextSibling()) block.insertAfter($createParagraphNode());
  block.getNextSibling()?.selectStart();
}

/** Entity cards and live evidence blocks: inserting them, and freezing a live block into editable content. */
export function DossierBlocksPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          INSERT_ENTITY_CARD_COMMAND,
          (entityId) => {
            $insertBlock($createEntityCardNode(entityId));
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        editor.registerCommand(
          INSERT_EVIDENCE_BLOCK_COMMAND,
          ({ entityId, block }) => {
            $insertBlock($createEvidenceBlockNode(entityId, block));
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        editor.registerCommand(
          FREEZE_EVIDENCE_COMMAND,
          (nodeKey) => {
            const node = $getNodeByKey(nodeKey);
            if (!$isEvidenceBlockNode(node)) return false;
            const entityId = node.getEntityId();
            // Frozen as shown: the analyst freezes what they see, not what a later lookup might say.
            const data = evidence.get(evidenceKey(entityId, node.getBlock())).value;
            if (!data) return false;
            const nodes = $frozenNodes(data, refsStore.get('entity', entityId)?.name ?? 'this entity');
            let at: LexicalNode = node;
            for (const n of nodes) {
              at.insertAfter(n);
              at = n;
            }
            node.remove();
            let after = at.getNextSibling();
            if (!$isElementNode(after)) {
              after = $createParagraphNode();
              at.insertAfter(after);
            }
            // The block may have been selected whole: the selection must move off the removed node.
            (nodes.find($isElementNode) ?? after).selectStart();
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
      ),
    [editor],
  );
  return null;
}
