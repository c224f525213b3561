import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { COMMAND_PRIORITY_NORMAL, FORMAT_TEXT_COMMAND, KEY_DOWN_COMMAND } from 'lexical';
import { useEffect } from 'react';
import { OPEN_LINK_EDITOR_COMMAND, SET_BLOCK_COMMAND, type BlockKind } from '../../commands';

/** Google Docs' and Word's keys: Mod+Alt+0–3 for text and headings, Mod+Shift+7/8/9 for lists and quote. */
const BLOCK_KEYS: Record<string, BlockKind> = {
  'alt+Digit0': 'paragraph',
  'alt+Digit1': 'h1',
  'alt+Digit2': 'h2',
  'alt+Digit3': 'h3',
  'shift+Digit7': 'number',
  'shift+Digit8': 'bullet',
  'shift+Digit9': 'quote',
};

/**
 * Keyboard shortcuts beyond the rich-text defaults (bold, italic, underline,
 * undo and redo are already there): strikethrough, link, block kinds.
 */
export function ShortcutsPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          (event: KeyboardEvent) => {
            const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? event.metaKey : event.ctrlKey;
            if (!mod) return false;
            let handled = false;
            if (event.shiftKey && !event.altKey && (event.code === 'KeyX' || event.code === 'KeyS')) {
              handled = editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'strikethrough');
            } else if (!event.shiftKey && !event.altKey && event.code === 'KeyK') {
              handled = editor.dispatchCommand(OPEN_LINK_EDITOR_COMMAND, undefined);
            } else {
              const kind = BLOCK_KEYS[`${event.altKey ? 'alt+' : event.shiftKey ? 'shift+' : ''}${event.code}`];
              if (kind && event.altKey !== event.shiftKey) handled = editor.dispatchCommand(SET_BLOCK_COMMAND, kind);
            }
            if (handled) event.preventDefault();
            return handled;
          },
          COMMAND_PRIORITY_NORMAL,
        ),
      ),
    [editor],
  );
  return null;
}
