import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalEditable } from '@lexical/react/useLexicalEditable';
import { $isHeadingNode } from '@lexical/rich-text';
import { mergeRegister } from '@lexical/utils';
import {
  $getNearestNodeFromDOMNode,
  $getNodeByKey,
  $getRoot,
  $getSelection,
  $isNodeSelection,
  $isRangeSelection,
  $isRootNode,
  COMMAND_PRIORITY_HIGH,
  KEY_DOWN_COMMAND,
  type LexicalEditor,
  type LexicalNode,
  type NodeKey,
} from 'lexical';
import { useCallback, useEffect, useRef, useState, type PointerEvent, type ReactElement } from 'react';
import { createPortal } from 'react-dom';
import { MOVE_SECTION_COMMAND } from '../../dossierCommands';
import { dropSlots, sectionAt, sectionEnd, stepSlot, type Levels } from './sections';

const levelOf = (node: LexicalNode): number | null => ($isHeadingNode(node) ? Number(node.getTag().slice(1)) : null);

function $topLevel(node: LexicalNode): LexicalNode | null {
  let n: LexicalNode | null = node;
  while (n) {
    const parent: LexicalNode | null = n.getParent();
    if ($isRootNode(parent)) return n;
    n = parent;
  }
  return null;
}

/**
 * The top-level block holding the caret. The page's selection is read first:
 * a key pressed right after a click can arrive before the editor has caught
 * up with the click's selection change.
 */
function $selectedBlock(editor: LexicalEditor): LexicalNode | null {
  const selection = $getSelection();
  if ($isNodeSelection(selection)) {
    const first = selection.getNodes()[0];
    return first ? $topLevel(first) : null;
  }
  const dom = editor.getRootElement()?.ownerDocument.getSelection();
  const root = editor.getRootElement();
  if (dom?.anchorNode && root?.contains(dom.anchorNode)) {
    const node = $getNearestNodeFromDOMNode(dom.anchorNode);
    if ($isRootNode(node)) return node.getChildAtIndex(dom.anchorOffset) ?? node.getLastChild();
    if (node) return $topLevel(node);
  }
  if ($isRangeSelection(selection)) {
    const anchor = selection.anchor.getNode();
    if ($isRootNode(anchor)) return anchor.getChildAtIndex(selection.anchor.offset) ?? anchor.getLastChild();
    return $topLevel(anchor);
  }
  return null;
}

/** Moves the section starting at top-level block `start` before the block at `slot` (the end when past the last). */
function $moveSection(start: number, slot: number): void {
  const root = $getRoot();
  const children = root.getChildren();
  const levels: Levels = children.map(levelOf);
  const moving = children.slice(start, sectionEnd(levels, start));
  const target = children[slot];
  // Moved nodes keep their keys, so a caret inside them stays where it was.
  for (const node of moving) {
    if (target) target.insertBefore(node);
    else root.append(node);
  }
}

/** Alt+Shift+↑/↓: the section under the caret swaps with its previous or next sibling section. */
function $moveSectionAtSelection(editor: LexicalEditor, direction: 'up' | 'down'): boolean {
  const block = $selectedBlock(editor);
  if (!block) return false;
  const children = $getRoot().getChildren();
  const levels: Levels = children.map(levelOf);
  const start = sectionAt(levels, children.indexOf(block));
  if (start === null) return false;
  const slot = stepSlot(levels, start, direction);
  if (slot !== null) $moveSection(start, slot);
  return true;
}

interface Hovered {
  key: NodeKey;
  top: number;
}

interface Drag {
  key: NodeKey;
  /** The drop positions: the key of the block the section goes before (null: the end), and its line's y. */
  slots: Array<{ before: NodeKey | null; y: number }>;
  chosen: number;
  /** The section's own blocks, dimmed while it is dragged. */
  dimmed: HTMLElement[];
}

/** Where each drop slot's line is, relative to the anchor. */
function measureSlots(editor: LexicalEditor, anchor: HTMLElement, key: NodeKey): Omit<Drag, 'chosen'> | null {
  return editor.read(() => {
    const children = $getRoot().getChildren();
    const levels: Levels = children.map(levelOf);
    const start = children.findIndex((n) => n.getKey() === key);
    if (start < 0 || levels[start] === null) return null;
    const base = anchor.getBoundingClientRect().top;
    const rectOf = (node: LexicalNode): DOMRect | undefined =>
      editor.getElementByKey(node.getKey())?.getBoundingClientRect();
    const slots = dropSlots(levels, start).flatMap((slot) => {
      const node = children[slot];
      const rect = node ? rectOf(node) : rectOf(children[children.length - 1]!);
      if (!rect) return [];
      return [{ before: node ? node.getKey() : null, y: (node ? rect.top - 6 : rect.bottom + 4) - base }];
    });
    const dimmed = children
      .slice(start, sectionEnd(levels, start))
      .flatMap((n) => editor.getElementByKey(n.getKey()) ?? []);
    return { key, slots, dimmed };
  });
}

/**
 * Sections move as a whole: by keyboard (Alt+Shift+↑/↓ with the caret
 * anywhere in the section) and by dragging the handle shown beside a heading.
 * `anchor` is the positioned element the handle and the drop line are drawn in.
 */
export function SectionsPlugin({ anchor }: { anchor: HTMLElement }): ReactElement | null {
  const [editor] = useLexicalComposerContext();
  const editable = useLexicalEditable();
  const [hovered, setHovered] = useState<Hovered | null>(null);
  // The drag lives in a ref for the pointer handlers (a pointerup may come before React renders
  // the last move) and in state for what is drawn.
  const dragRef = useRef<Drag | null>(null);
  const [drag, setDragView] = useState<Drag | null>(null);
  const setDrag = useCallback((d: Drag | null) => {
    dragRef.current = d;
    setDragView(d);
  }, []);

  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          MOVE_SECTION_COMMAND,
          (direction) => {
            const moved = $moveSectionAtSelection(editor, direction);
            // The caret's block may have left the screen with its section.
            const key = moved ? $selectedBlock(editor)?.getKey() : undefined;
            if (key) requestAnimationFrame(() => editor.getElementByKey(key)?.scrollIntoView({ block: 'nearest' }));
            return moved;
          },
          COMMAND_PRIORITY_HIGH,
        ),
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          (event: KeyboardEvent) => {
            if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return false;
            if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return false;
            if (!editor.dispatchCommand(MOVE_SECTION_COMMAND, event.key === 'ArrowUp' ? 'up' : 'down')) return false;
            event.preventDefault();
            return true;
          },
          COMMAND_PRIORITY_HIGH,
        ),
      ),
    [editor],
  );

  // The handle follows the pointer over headings.
  useEffect(() => {
    if (!editable) return;
    const onMove = (event: MouseEvent): void => {
      if (dragRef.current) return;
      const target = event.target as HTMLElement | null;
      if (!target || target.closest('.section-handle')) return;
      const root = editor.getRootElement();
      let block: HTMLElement | null = target;
      while (block && block.parentElement !== root) block = block.parentElement;
      if (!block || !/^H[1-6]$/.test(block.tagName)) {
        // Over the page's margin beside the heading: keep the handle, the pointer is on its way to it.
        if (!block && target === anchor) return;
        setHovered(null);
        return;
      }
      const el = block;
      const key = editor.read(() => $getNearestNodeFromDOMNode(el)?.getKey() ?? null);
      if (key === null) return;
      const top = el.getBoundingClientRect().top - anchor.getBoundingClientRect().top;
      setHovered((h) => (h && h.key === key && h.top === top ? h : { key, top }));
    };
    const onLeave = (): void => {
      if (!dragRef.current) setHovered(null);
    };
    anchor.addEventListener('mousemove', onMove);
    anchor.addEventListener('mouseleave', onLeave);
    return () => {
      anchor.removeEventListener('mousemove', onMove);
      anchor.removeEventListener('mouseleave', onLeave);
    };
  }, [editor, anchor, editable]);

  const endDrag = useCallback(
    (drop: boolean) => {
      const d = dragRef.current;
      if (!d) return;
      for (const el of d.dimmed) el.classList.remove('is-moving');
      setDrag(null);
      setHovered(null);
      const slot = d.slots[d.chosen];
      if (!drop || !slot) return;
      editor.update(() => {
        const children = $getRoot().getChildren();
        const start = children.findIndex((n) => n.getKey() === d.key);
        const before = slot.before === null ? null : $getNodeByKey(slot.before);
        const at = before ? children.indexOf(before) : children.length;
        if (start < 0 || at < 0) return;
        const levels: Levels = children.map(levelOf);
        if (!dropSlots(levels, start).includes(at)) return;
        $moveSection(start, at);
      });
    },
    [editor, setDrag],
  );

  useEffect(() => {
    if (!drag) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') endDrag(false);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [drag, endDrag]);

  if (!editable || (!hovered && !drag)) return null;

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>): void => {
    if (event.button !== 0 || !hovered) return;
    event.preventDefault();
    const measured = measureSlots(editor, anchor, hovered.key);
    if (!measured || measured.slots.length === 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    for (const el of measured.dimmed) el.classList.add('is-moving');
    setDrag({ ...measured, chosen: -1 });
  };

  const onPointerMove = (event: PointerEvent<HTMLButtonElement>): void => {
    const d = dragRef.current;
    if (!d) return;
    const y = event.clientY - anchor.getBoundingClientRect().top;
    let best = 0;
    d.slots.forEach((s, i) => {
      if (Math.abs(s.y - y) < Math.abs(d.slots[best]!.y - y)) best = i;
    });
    if (best !== d.chosen) setDrag({ ...d, chosen: best });
  };

  const line = drag && drag.chosen >= 0 ? drag.slots[drag.chosen] : null;
  return createPortal(
    <>
      {hovered && (
        <button
          type="button"
          className={`section-handle${drag ? ' is-dragging' : ''}`}
          style={{ top: hovered.top }}
          aria-label="Move this section"
          title="Drag to move this section (or Alt+Shift+↑/↓ in it)"
          data-testid="section-handle"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={() => endDrag(true)}
          onPointerCancel={() => endDrag(false)}
        >
          <svg width="12" height="18" viewBox="0 0 12 18" aria-hidden="true">
            {[3, 9, 15].flatMap((cy) => [3, 9].map((cx) => <circle key={`${cx}-${cy}`} cx={cx} cy={cy} r="1.6" />))}
          </svg>
        </button>
      )}
      {line && <div className="section-drop-line" style={{ top: line.y }} aria-hidden="true" />}
    </>,
    anchor,
  );
}
