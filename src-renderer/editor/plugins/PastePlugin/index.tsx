import { $insertDataTransferForRichText } from '@lexical/clipboard';
import { $isLinkNode, LinkNode } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { $getSelection, COMMAND_PRIORITY_HIGH, PASTE_COMMAND, PASTE_TAG, TextNode } from 'lexical';
import { useEffect } from 'react';
import { linkUrl } from '../../links';
import { sanitizePastedHtml } from './sanitize';

/** A DataTransfer carrying just the cleaned HTML and the plain text. */
function cleanTransfer(html: string, text: string): DataTransfer {
  return {
    getData: (type: string) => (type === 'text/html' ? html : type === 'text/plain' ? text : ''),
    types: ['text/html', 'text/plain'],
  } as unknown as DataTransfer;
}

/**
 * Paste from outside keeps formatting and nothing executable: HTML is cleaned
 * before Lexical reads it. Whatever the way content came in (HTML, Lexical's
 * own clipboard format, which another page can also write), links keep only
 * safe addresses and text keeps no inline styles (notes have none to give).
 */
export function PastePlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          PASTE_COMMAND,
          (event) => {
            const data = 'clipboardData' in event ? event.clipboardData : null;
            if (!data || data.types.includes('application/x-lexical-editor')) return false;
            const html = data.getData('text/html');
            if (!html) return false;
            event.preventDefault();
            const clean = sanitizePastedHtml(html);
            const text = data.getData('text/plain');
            editor.update(
              () => {
                const selection = $getSelection();
                if (selection) $insertDataTransferForRichText(cleanTransfer(clean, text), selection, editor);
              },
              { tag: PASTE_TAG },
            );
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerNodeTransform(LinkNode, (node) => {
          if (!$isLinkNode(node)) return;
          const url = linkUrl(node.getURL());
          if (url === null) {
            // Not a link we can follow safely: keep its words, drop the link.
            for (const child of node.getChildren()) node.insertBefore(child);
            node.remove();
          } else if (url !== node.getURL()) node.setURL(url);
        }),
        editor.registerNodeTransform(TextNode, (node) => {
          if (node.getStyle() !== '') node.setStyle('');
        }),
      ),
    [editor],
  );
  return null;
}
