import { $isLinkNode, TOGGLE_LINK_COMMAND } from '@lexical/link';
import {
  $isListNode,
  INSERT_ORDERED_LIST_COMMAND,
  INSERT_UNORDERED_LIST_COMMAND,
  ListNode,
  REMOVE_LIST_COMMAND,
} from '@lexical/list';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { INSERT_TABLE_COMMAND } from '@lexical/table';
import { $findMatchingParent, $getNearestNodeOfType, mergeRegister } from '@lexical/utils';
import {
  $createParagraphNode,
  $getSelection,
  $isRangeSelection,
  $isRootOrShadowRoot,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  SELECTION_CHANGE_COMMAND,
  UNDO_COMMAND,
  type LexicalEditor,
  type TextFormatType,
} from 'lexical';
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { OPEN_LINK_EDITOR_COMMAND, SET_BLOCK_COMMAND, type BlockKind } from '../../commands';
import { linkUrl } from '../../links';

interface ToolbarState {
  block: BlockKind;
  formats: Record<'bold' | 'italic' | 'underline' | 'strikethrough', boolean>;
  link: string | null;
}

const EMPTY: ToolbarState = {
  block: 'paragraph',
  formats: { bold: false, italic: false, underline: false, strikethrough: false },
  link: null,
};

function $readToolbarState(): ToolbarState {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return EMPTY;
  const anchor = selection.anchor.getNode();
  const top =
    anchor.getKey() === 'root'
      ? anchor
      : ($findMatchingParent(anchor, (n) => {
          const parent = n.getParent();
          return parent !== null && $isRootOrShadowRoot(parent);
        }) ?? anchor.getTopLevelElementOrThrow());
  let block: BlockKind = 'paragraph';
  if ($isListNode(top)) {
    const list = $getNearestNodeOfType(anchor, ListNode) ?? top;
    block = list.getListType() === 'number' ? 'number' : 'bullet';
  } else if ($isHeadingNode(top)) {
    const tag = top.getTag();
    block = tag === 'h1' || tag === 'h2' || tag === 'h3' ? tag : 'h3';
  } else if ($isQuoteNode(top)) block = 'quote';
  const linkNode = $findMatchingParent(anchor, $isLinkNode);
  return {
    block,
    formats: {
      bold: selection.hasFormat('bold'),
      italic: selection.hasFormat('italic'),
      underline: selection.hasFormat('underline'),
      strikethrough: selection.hasFormat('strikethrough'),
    },
    link: linkNode && $isLinkNode(linkNode) ? linkNode.getURL() : null,
  };
}

const sameState = (a: ToolbarState, b: ToolbarState): boolean =>
  a.block === b.block &&
  a.link === b.link &&
  a.formats.bold === b.formats.bold &&
  a.formats.italic === b.formats.italic &&
  a.formats.underline === b.formats.underline &&
  a.formats.strikethrough === b.formats.strikethrough;

/** Applies a block kind to the selection; choosing the kind the blocks already have makes them paragraphs. */
export function registerBlockCommand(editor: LexicalEditor): () => void {
  return editor.registerCommand(
    SET_BLOCK_COMMAND,
    (kind) => {
      const current = editor.getEditorState().read($readToolbarState).block;
      const target: BlockKind = current === kind && kind !== 'paragraph' ? 'paragraph' : kind;
      if (current === 'bullet' || current === 'number') {
        if (target === current || target === 'paragraph') {
          editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
          return true;
        }
      }
      if (target === 'bullet') return editor.dispatchCommand(INSERT_UNORDERED_LIST_COMMAND, undefined);
      if (target === 'number') return editor.dispatchCommand(INSERT_ORDERED_LIST_COMMAND, undefined);
      editor.update(() => {
        const selection = $getSelection();
        if (target === 'paragraph') $setBlocksType(selection, () => $createParagraphNode());
        else if (target === 'quote') $setBlocksType(selection, () => $createQuoteNode());
        else $setBlocksType(selection, () => $createHeadingNode(target));
      });
      return true;
    },
    COMMAND_PRIORITY_LOW,
  );
}

const BLOCKS: Array<{ kind: BlockKind; label: string }> = [
  { kind: 'paragraph', label: 'Text' },
  { kind: 'h1', label: 'Heading 1' },
  { kind: 'h2', label: 'Heading 2' },
  { kind: 'h3', label: 'Heading 3' },
  { kind: 'quote', label: 'Quote' },
  { kind: 'bullet', label: 'Bulleted list' },
  { kind: 'number', label: 'Numbered list' },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';
const SHIFT = isMac ? '⇧' : 'Shift+';

const FORMATS: Array<{
  format: TextFormatType & keyof ToolbarState['formats'];
  label: string;
  keys: string;
  glyph: string;
}> = [
  { format: 'bold', label: 'Bold', keys: `${MOD}B`, glyph: 'B' },
  { format: 'italic', label: 'Italic', keys: `${MOD}I`, glyph: 'I' },
  { format: 'underline', label: 'Underline', keys: `${MOD}U`, glyph: 'U' },
  { format: 'strikethrough', label: 'Strikethrough', keys: `${MOD}${SHIFT}X`, glyph: 'S' },
];

/** Stroke paths on a 24×24 grid, like components/Icon.tsx. */
const TOOL_PATHS = {
  undo: ['M9 14L4 9l5-5', 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11'],
  redo: ['M15 14l5-5-5-5', 'M20 9H9.5a5.5 5.5 0 0 0 0 11H13'],
  bullet: ['M9 6h11', 'M9 12h11', 'M9 18h11', 'M4.5 6h.01', 'M4.5 12h.01', 'M4.5 18h.01'],
  number: ['M10 6h10', 'M10 12h10', 'M10 18h10', 'M4 4.5h1.5V9', 'M4 14.5h3l-3 4h3'],
  quote: ['M5 7h5v5c0 3-1.5 5-4.5 5.5', 'M14 7h5v5c0 3-1.5 5-4.5 5.5'],
  link: ['M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1', 'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'],
  table: ['M4 5h16v14H4z', 'M4 10h16', 'M4 15h16', 'M10 5v14'],
} as const;

function ToolIcon({ name }: { name: keyof typeof TOOL_PATHS }): ReactElement {
  return (
    <svg
      className="icon"
      width={17}
      height={17}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {TOOL_PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

/** Headings, text formats, lists, quote, link, table, undo and redo. */
export function ToolbarPlugin({ disabled = false }: { disabled?: boolean }): ReactElement {
  const [editor] = useLexicalComposerContext();
  const [state, setState] = useState<ToolbarState>(EMPTY);
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);
  const [linkDraft, setLinkDraft] = useState<string | null>(null);
  const linkInput = useRef<HTMLInputElement>(null);

  // Every keystroke is an update: the toolbar re-renders only when what it shows changed.
  const show = useCallback((next: ToolbarState) => setState((prev) => (sameState(prev, next) ? prev : next)), []);
  const refresh = useCallback(() => show(editor.getEditorState().read($readToolbarState)), [editor, show]);

  useEffect(
    () =>
      mergeRegister(
        registerBlockCommand(editor),
        editor.registerUpdateListener(({ editorState }) => show(editorState.read($readToolbarState))),
        editor.registerCommand(
          SELECTION_CHANGE_COMMAND,
          () => {
            refresh();
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
        editor.registerCommand(
          CAN_UNDO_COMMAND,
          (can) => {
            setCanUndo(can);
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
        editor.registerCommand(
          CAN_REDO_COMMAND,
          (can) => {
            setCanRedo(can);
            return false;
          },
          COMMAND_PRIORITY_LOW,
        ),
        editor.registerCommand(
          OPEN_LINK_EDITOR_COMMAND,
          () => {
            setLinkDraft(editor.getEditorState().read($readToolbarState).link ?? '');
            return true;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor, refresh, show],
  );

  useEffect(() => {
    if (linkDraft !== null) linkInput.current?.focus();
  }, [linkDraft]);

  const applyLink = (): void => {
    const url = linkUrl(linkDraft ?? '');
    editor.dispatchCommand(TOGGLE_LINK_COMMAND, url);
    setLinkDraft(null);
    editor.focus();
  };

  const button = (
    label: string,
    keys: string,
    pressed: boolean | undefined,
    onClick: () => void,
    glyph: ReactElement | string,
    extra = '',
  ) => (
    <button
      type="button"
      className={`tool${extra ? ` ${extra}` : ''}`}
      aria-label={label}
      title={keys ? `${label} (${keys})` : label}
      aria-pressed={pressed}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {glyph}
    </button>
  );

  return (
    <div className="note-toolbar" role="toolbar" aria-label="Formatting">
      {button(
        'Undo',
        `${MOD}Z`,
        undefined,
        () => editor.dispatchCommand(UNDO_COMMAND, undefined),
        <ToolIcon name="undo" />,
        canUndo ? '' : 'is-off',
      )}
      {button(
        'Redo',
        isMac ? `${MOD}${SHIFT}Z` : `${MOD}Y`,
        undefined,
        () => editor.dispatchCommand(REDO_COMMAND, undefined),
        <ToolIcon name="redo" />,
        canRedo ? '' : 'is-off',
      )}
      <span className="tool-sep" aria-hidden="true" />
      <select
        className="tool-select"
        aria-label="Block type"
        value={state.block}
        disabled={disabled}
        onChange={(e) => {
          editor.dispatchCommand(SET_BLOCK_COMMAND, e.currentTarget.value as BlockKind);
          editor.focus();
        }}
      >
        {BLOCKS.map((b) => (
          <option key={b.kind} value={b.kind}>
            {b.label}
          </option>
        ))}
      </select>
      <span className="tool-sep" aria-hidden="true" />
      {FORMATS.map((f) =>
        button(
          f.label,
          f.keys,
          state.formats[f.format],
          () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, f.format),
          <span className={`glyph-${f.format}`}>{f.glyph}</span>,
        ),
      )}
      <span className="tool-sep" aria-hidden="true" />
      {button(
        'Bulleted list',
        `${MOD}${SHIFT}8`,
        state.block === 'bullet',
        () => editor.dispatchCommand(SET_BLOCK_COMMAND, 'bullet'),
        <ToolIcon name="bullet" />,
      )}
      {button(
        'Numbered list',
        `${MOD}${SHIFT}7`,
        state.block === 'number',
        () => editor.dispatchCommand(SET_BLOCK_COMMAND, 'number'),
        <ToolIcon name="number" />,
      )}
      {button(
        'Quote',
        `${MOD}${SHIFT}9`,
        state.block === 'quote',
        () => editor.dispatchCommand(SET_BLOCK_COMMAND, 'quote'),
        <ToolIcon name="quote" />,
      )}
      {button(
        'Link',
        `${MOD}K`,
        state.link !== null,
        () => editor.dispatchCommand(OPEN_LINK_EDITOR_COMMAND, undefined),
        <ToolIcon name="link" />,
      )}
      {button(
        'Table',
        '',
        undefined,
        () =>
          editor.dispatchCommand(INSERT_TABLE_COMMAND, {
            rows: '3',
            columns: '3',
            includeHeaders: { rows: true, columns: false },
          }),
        <ToolIcon name="table" />,
      )}
      {linkDraft !== null && (
        <form
          className="link-editor"
          onSubmit={(e) => {
            e.preventDefault();
            applyLink();
          }}
        >
          <input
            ref={linkInput}
            className="link-input"
            aria-label="Link address"
            placeholder="https://… or #/source/12"
            value={linkDraft}
            onChange={(e) => setLinkDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setLinkDraft(null);
                editor.focus();
              }
            }}
          />
          <button type="submit" className="button button-small">
            {linkDraft.trim() ? 'Apply' : 'Remove link'}
          </button>
        </form>
      )}
    </div>
  );
}
