import { $isLinkNode } from '@lexical/link';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $findMatchingParent, mergeRegister } from '@lexical/utils';
import { $getNearestNodeFromDOMNode, CLICK_COMMAND, COMMAND_PRIORITY_LOW } from 'lexical';
import { useEffect } from 'react';

/**
 * A link in the text is for editing on a plain click, like in any word
 * processor; Ctrl-click (⌘-click) follows it: the app's own pages in place,
 * web addresses in the system's browser.
 */
export function LinksPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          CLICK_COMMAND,
          (event: MouseEvent) => {
            const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? event.metaKey : event.ctrlKey;
            if (!mod || !(event.target instanceof Node)) return false;
            const target = event.target;
            const url = editor.getEditorState().read(() => {
              const node = $getNearestNodeFromDOMNode(target);
              const link = node ? $findMatchingParent(node, $isLinkNode) : null;
              return link && $isLinkNode(link) ? link.getURL() : null;
            });
            if (!url) return false;
            event.preventDefault();
            if (url.startsWith('#/')) window.location.hash = url;
            else window.open(url, '_blank', 'noopener,noreferrer');
            return true;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor],
  );
  return null;
}
