import {
  $exportNodeJSON,
  $getRoot,
  $isElementNode,
  type EditorState,
  type LexicalNode,
  type NodeKey,
  type UpdateListenerPayload,
} from 'lexical';
import { HEAD, type NoteText } from './diff';

function $toJSON(node: LexicalNode): unknown {
  const json = $exportNodeJSON(node) as { children?: unknown[] };
  if ($isElementNode(node)) json.children = node.getChildren().map($toJSON);
  return json;
}

/**
 * The editor state as JSON text, rebuilt from the top-level blocks an update
 * touched. A long note (thousands of paragraphs) is saved every second while
 * the analyst types; serializing all of it each time would stall typing, and
 * almost all of it has not changed.
 */
export class StateSerializer {
  private readonly blocks = new Map<NodeKey, { node: LexicalNode; json: string }>();

  /** Forgets the blocks an update changed (all of them when a whole state was set, as undo does). */
  invalidate({ dirtyElements, dirtyLeaves, tags }: UpdateListenerPayload): void {
    const wholeState = dirtyElements.size === 1 && dirtyElements.get('root') === false && dirtyLeaves.size === 0;
    if (wholeState || tags.has('historic')) {
      this.blocks.clear();
      return;
    }
    for (const key of dirtyElements.keys()) this.blocks.delete(key);
    for (const key of dirtyLeaves) this.blocks.delete(key);
  }

  serialize(state: EditorState): NoteText {
    return state.read(() => {
      const root = $getRoot();
      const seen = new Set<NodeKey>();
      const parts: string[] = [];
      for (const child of root.getChildren()) {
        const key = child.getKey();
        seen.add(key);
        let cached = this.blocks.get(key);
        // Same key and same node object: the block is unchanged since it was serialized.
        if (!cached || cached.node !== child) {
          cached = { node: child, json: JSON.stringify($toJSON(child)) };
          this.blocks.set(key, cached);
        }
        parts.push(cached.json);
      }
      for (const key of this.blocks.keys()) if (!seen.has(key)) this.blocks.delete(key);
      const { children: _children, ...rootFields } = $exportNodeJSON(root) as { children?: unknown[] };
      const tail = `],${JSON.stringify(rootFields).slice(1)}}`;
      return { json: HEAD + parts.join(',') + tail, parts, tail };
    });
  }
}
