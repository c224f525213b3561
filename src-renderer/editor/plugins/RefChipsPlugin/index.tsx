import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { $getNodeByKey, type Klass, type LexicalEditor, type LexicalNode, type NodeKey } from 'lexical';
import { useEffect } from 'react';
import { EntityMentionNode } from '../../nodes/EntityMentionNode';
import { NoteLinkNode } from '../../nodes/NoteLinkNode';
import { SourceLinkNode } from '../../nodes/SourceLinkNode';
import { paintEntityChip, paintNoteChip, paintSourceChip } from '../../refs/chips';
import { refsStore } from '../../refs/refsStore';

type ChipNode = EntityMentionNode | SourceLinkNode | NoteLinkNode;

const CHIPS: Array<{ klass: Klass<ChipNode>; id(node: ChipNode): number; paint(host: HTMLElement, id: number): void }> =
  [
    { klass: EntityMentionNode, id: (n) => (n as EntityMentionNode).getEntityId(), paint: paintEntityChip },
    { klass: SourceLinkNode, id: (n) => (n as SourceLinkNode).getSourceId(), paint: paintSourceChip },
    { klass: NoteLinkNode, id: (n) => (n as NoteLinkNode).getNoteId(), paint: paintNoteChip },
  ];

/** Tracks the chips in the note, to redraw them when what they show changes. */
function trackChips(editor: LexicalEditor): { tracked: Map<NodeKey, () => void>; stop: () => void } {
  const tracked = new Map<NodeKey, () => void>();
  const stop = mergeRegister(
    ...CHIPS.map(({ klass, id, paint }) =>
      editor.registerMutationListener(klass as Klass<LexicalNode>, (mutations) => {
        editor.getEditorState().read(() => {
          for (const [key, mutation] of mutations) {
            if (mutation === 'destroyed') {
              tracked.delete(key);
              continue;
            }
            const node = $getNodeByKey(key);
            if (!(node instanceof klass)) continue;
            const chipId = id(node as ChipNode);
            tracked.set(key, () => {
              const host = editor.getElementByKey(key);
              if (host) paint(host, chipId);
            });
          }
        });
      }),
    ),
  );
  return { tracked, stop };
}

/**
 * Keeps mentions and links showing what is there now: names after a rename
 * or merge, titles after an edit. Subscribing also keeps the refs store
 * listening for those changes while the note is open.
 */
export function RefChipsPlugin(): null {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const { tracked, stop } = trackChips(editor);
    const repaint = (): void => {
      for (const paint of tracked.values()) paint();
    };
    return mergeRegister(stop, refsStore.subscribe(repaint));
  }, [editor]);
  return null;
}
