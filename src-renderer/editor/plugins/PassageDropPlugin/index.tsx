import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $insertNodeToNearestRoot, mergeRegister } from '@lexical/utils';
import {
  $createParagraphNode,
  $getNearestNodeFromDOMNode,
  $getRoot,
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_HIGH,
  DRAGOVER_COMMAND,
  DROP_COMMAND,
  type LexicalEditor,
} from 'lexical';
import { useEffect } from 'react';
import { INSERT_PASSAGE_QUOTE_COMMAND } from '../../commands';
import { $createPassageQuoteNode } from '../../nodes/PassageQuoteNode';
import { PASSAGE_MIME, passageIdOf } from './payload';

const carriesPassage = (event: DragEvent): boolean => event.dataTransfer?.types.includes(PASSAGE_MIME) ?? false;

/** Puts the quote after the block under the pointer (before it, in its upper half), and a paragraph after. */
function dropQuote(editor: LexicalEditor, event: DragEvent, passageId: number): void {
  const target = document.elementFromPoint(event.clientX, event.clientY);
  editor.update(() => {
    const quote = $createPassageQuoteNode(passageId);
    const near = target ? $getNearestNodeFromDOMNode(target) : null;
    const block = near && near.getKey() !== 'root' ? (near.getTopLevelElement() ?? near) : null;
    if (block) {
      const dom = editor.getElementByKey(block.getKey());
      const rect = dom?.getBoundingClientRect();
      if (rect && event.clientY < rect.top + rect.height / 2) block.insertBefore(quote);
      else block.insertAfter(quote);
    } else $getRoot().append(quote);
    if (!quote.getNextSibling()) quote.insertAfter($createParagraphNode());
    quote.getNextSibling()?.selectStart();
  });
}

/**
 * Passages come into a note by "Quote in note" (INSERT_PASSAGE_QUOTE_COMMAND)
 * or by dragging a highlight from the reader onto the editor.
 */
export function PassageDropPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          DRAGOVER_COMMAND,
          (event) => {
            if (!carriesPassage(event)) return false;
            event.preventDefault();
            if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerCommand(
          DROP_COMMAND,
          (event) => {
            if (!carriesPassage(event)) return false;
            event.preventDefault();
            event.stopPropagation();
            const id = passageIdOf(event.dataTransfer!.getData(PASSAGE_MIME));
            if (id !== null) dropQuote(editor, event, id);
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerCommand(
          INSERT_PASSAGE_QUOTE_COMMAND,
          (passageId) => {
            const quote = $createPassageQuoteNode(passageId);
            const selection = $getSelection();
            if ($isRangeSelection(selection)) $insertNodeToNearestRoot(quote);
            else $getRoot().append(quote);
            if (!quote.getNextSibling()) quote.insertAfter($createParagraphNode());
            quote.getNextSibling()?.selectStart();
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
      ),
    [editor],
  );
  return null;
}
