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
import { memo, useState, type ReactElement, type ReactNode, type RefObject } from 'react';
import type { DossierSaved } from '../../src-main/core/dossiers/types';
import { linkUrl } from './links';
import { DOSSIER_NODES } from './nodes/dossier';
import type { SaveStatus } from './plugins/AutosavePlugin/NoteSaver';
import { DossierAutosavePlugin } from './plugins/DossierAutosavePlugin';
import type { DossierFields, DossierSaver } from './plugins/DossierAutosavePlugin/DossierSaver';
import { DossierBlocksPlugin } from './plugins/DossierBlocksPlugin';
import { InsertMenuPlugin } from './plugins/InsertMenuPlugin';
import { LinksPlugin } from './plugins/LinksPlugin';
import { MarkdownPlugin } from './plugins/MarkdownPlugin';
import { PassageDropPlugin } from './plugins/PassageDropPlugin';
import { PastePlugin } from './plugins/PastePlugin';
import { RefChipsPlugin } from './plugins/RefChipsPlugin';
import { SectionsPlugin } from './plugins/SectionsPlugin';
import { ShortcutsPlugin } from './plugins/ShortcutsPlugin';
import { ToolbarPlugin } from './plugins/ToolbarPlugin';
import { TypeaheadPlugin } from './plugins/TypeaheadPlugin';
import { safeEditorState } from './safeState';
import { NOTE_THEME } from './theme';

export interface DossierEditorProps {
  dossierId: number;
  revision: number;
  /** The Lexical editor state to open, JSON text. */
  content: string;
  /** The dossier as the notebook holds it at `revision`; differs from `content`/`fields` when recovered edits reopen. */
  savedContent: string;
  fields: DossierFields;
  savedFields: DossierFields;
  subjectEntityId: number | null;
  editable: boolean;
  /** Shown at the top of the page, above the text: the dossier's title and handling fields. */
  header: ReactNode;
  onStatus(status: SaveStatus, message: string | null): void;
  onSaved?(saved: DossierSaved): void;
  onSaver?(saver: DossierSaver | null): void;
  editorRef?: RefObject<LexicalEditor | null>;
}

const validUrl = (url: string): boolean => linkUrl(url) !== null;

const sameFields = (a: DossierFields, b: DossierFields): boolean =>
  a.title === b.title &&
  a.subjectEntityId === b.subjectEntityId &&
  a.classification === b.classification &&
  a.analyst === b.analyst;

/**
 * A dossier's editor: the note editor's plugins (rich text, mentions, quotes,
 * links, paste, Markdown shortcuts) composed with the dossier's own: entity
 * cards and live evidence blocks, the insert menu, moving sections, and a
 * saver for the dossier's content and fields. Memoized like the note editor.
 */
export const DossierEditor = memo(function DossierEditor(props: DossierEditorProps): ReactElement {
  const { dossierId, revision, content, savedContent, editable } = props;
  const [initialConfig] = useState<InitialConfigType>(() => ({
    // The notes' namespace: Lexical pastes its own format only within one namespace, and quotes copied
    // from a note must arrive as quotes. A live block pasted into a note falls back to its text.
    namespace: 'casebook-note',
    nodes: [...DOSSIER_NODES],
    theme: NOTE_THEME,
    // Saved JSON is content like any other: it may come from a notebook someone else wrote.
    editorState: safeEditorState(content),
    editable,
    onError: (error: Error) => console.error('Dossier editor:', error),
  }));
  // The element the section handle and drop line are drawn in.
  const [body, setBody] = useState<HTMLDivElement | null>(null);
  return (
    <LexicalComposer initialConfig={initialConfig}>
      {editable && (
        <div className="dossier-toolbar">
          <ToolbarPlugin />
          <InsertMenuPlugin subjectEntityId={props.subjectEntityId} />
        </div>
      )}
      <div className="note-scroll dossier-scroll" data-testid="dossier-scroll">
        <div className="note-page dossier-page">
          {props.header}
          <div className="dossier-body" ref={setBody}>
            <RichTextPlugin
              contentEditable={
                <ContentEditable
                  className="note-content dossier-content"
                  aria-label="Dossier text"
                  data-testid="dossier-editor"
                  spellCheck={false}
                />
              }
              placeholder={
                <div className="note-placeholder" aria-hidden="true">
                  Write the dossier here. Insert entity cards, live evidence and quotes from the Insert menu; type @ to
                  mention an entity.
                </div>
              }
              ErrorBoundary={LexicalErrorBoundary}
            />
          </div>
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
      <DossierBlocksPlugin />
      {body && <SectionsPlugin anchor={body} />}
      <DossierAutosavePlugin
        dossierId={dossierId}
        revision={revision}
        content={savedContent}
        savedFields={props.savedFields}
        fields={props.fields}
        dirtyAtStart={content !== savedContent || !sameFields(props.fields, props.savedFields)}
        onStatus={props.onStatus}
        onSaved={props.onSaved}
        onSaver={props.onSaver}
      />
      {props.editorRef && <EditorRefPlugin editorRef={props.editorRef} />}
    </LexicalComposer>
  );
});
