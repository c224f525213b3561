import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalNodeSelection } from '@lexical/react/useLexicalNodeSelection';
import { mergeRegister } from '@lexical/utils';
import { CLICK_COMMAND, COMMAND_PRIORITY_LOW, type NodeKey } from 'lexical';
import { useEffect } from 'react';

/**
 * Clicking a block (not one of its links or buttons) selects it whole, as a
 * quote block is, so Backspace or Delete removes it and Ctrl+C copies it.
 */
export function useBlockSelection(nodeKey: NodeKey): boolean {
  const [editor] = useLexicalComposerContext();
  const [selected, setSelected, clearSelection] = useLexicalNodeSelection(nodeKey);
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          CLICK_COMMAND,
          (event: MouseEvent) => {
            const host = editor.getElementByKey(nodeKey);
            const target = event.target as Element | null;
            if (!host || !target || !host.contains(target) || target.closest?.('a, button, input, select'))
              return false;
            if (!event.shiftKey) clearSelection();
            setSelected(true);
            return true;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor, nodeKey, clearSelection, setSelected],
  );
  return selected;
}
