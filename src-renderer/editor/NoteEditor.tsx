import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { EditorRefPlugin } from '@lexical/react/LexicalEditorRefPlugin';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { TabIndentationPlugin } from '@lexical/react/LexicalTabIndentationPlugin';
import { TablePlugin } from '@lexical/react/LexicalTablePlugin';
import type { LexicalEditor } from 'lexical';
import { memo, useState, type ReactElement, type RefObject } from 'react';
import type { NoteSaved } from '../../src-main/core/notes/types';
import { linkUrl } from './links';
import { NOTE_NODES } from './nodes';
import { AutosavePlugin } from './plugins/AutosavePlugin';
import type { NoteSaver, SaveStatus } from './plugins/AutosavePlugin/NoteSaver';
import { LinksPlugin } from './plugins/LinksPlugin';
import { MarkdownPlugin } from './plugins/MarkdownPlugin';
import { PassageDropPlugin } from './plugins/PassageDropPlugin';
import { PastePlugin } from './plugins/PastePlugin';
import { RefChipsPlugin } from './plugins/RefChipsPlugin';
import { safeEditorState } from './safeState';
import { ShortcutsPlugin } from './plugins/ShortcutsPlugin';
import { ToolbarPlugin } from './plugins/ToolbarPlugin';
import { TypeaheadPlugin } from './plugins/TypeaheadPlugin';
import { NOTE_THEME } from './theme';

export interface NoteEditorProps {
  noteId: number;
  revision: number;
  /** The Lexical editor state to open, JSON text. */
  content: string;
  /** The note as the notebook holds it at `revision`; differs from `content` when recovered edits are reopened. */
  savedContent: string;
  editable: boolean;
  onStatus(status: SaveStatus, message: string | null): void;
  onSaved?(saved: NoteSaved): void;
  onSaver?(saver: NoteSaver | null): void;
  editorRef?: RefObject<LexicalEditor | null>;
}

const validUrl = (url: string): boolean => linkUrl(url) !== null;

/**
 * A note's editor: rich text with mentions, quotes and links, saved as it is
 * typed. Memoized: the view around it re-renders as saves come and go, the
 * editor (thousands of blocks) must not.
 */
export const NoteEditor = memo(function NoteEditor(props: NoteEditorProps): ReactElement {
  const { noteId, revision, content, savedContent, editable } = props;
  // Made once: the composer reads its config on mount only (a new note mounts a new editor).
  const [initialConfig] = useState<InitialConfigType>(() => ({
    namespace: 'casebook-note',
    nodes: [...NOTE_NODES],
    theme: NOTE_THEME,
    // Saved JSON is content like any other: it may come from a notebook someone else wrote.
    editorState: safeEditorState(content),
    editable,
    onError: (error: Error) => console.error('Note editor:', error),
  }));
  return (
    <LexicalComposer initialConfig={initialConfig}>
      {editable && <ToolbarPlugin />}
      <div className="note-scroll" data-testid="note-scroll">
        <div className="note-page">
          <RichTextPlugin
            contentEditable={
              <ContentEditable
                className="note-content"
                aria-label="Note text"
                data-testid="note-editor"
                spellCheck={false}
              />
            }
            placeholder={
              <div className="note-placeholder" aria-hidden="true">
                Write here. Type @ to mention an entity, [[ to link a source or another note.
              </div>
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
        </div>
      </div>
      <HistoryPlugin />
      <ListPlugin />
      <LinkPlugin validateUrl={validUrl} />
      <TablePlugin />
      <TabIndentationPlugin maxIndent={6} />
      <MarkdownPlugin />
      <ShortcutsPlugin />
      <TypeaheadPlugin />
      <PastePlugin />
      <PassageDropPlugin />
      <LinksPlugin />
      <RefChipsPlugin />
      <AutosavePlugin
        noteId={noteId}
        revision={revision}
        content={savedContent}
        dirtyAtStart={content !== savedContent}
        onStatus={props.onStatus}
        onSaved={props.onSaved}
        onSaver={props.onSaver}
      />
      {props.editorRef && <EditorRefPlugin editorRef={props.editorRef} />}
    </LexicalComposer>
  );
});
