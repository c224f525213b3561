import { useEffect, useMemo, useRef, useState, type ReactElement, type RefObject } from 'react';
import type { Passage } from '../../src-main/core/passages/types';
import type { SourceDetail } from '../../src-main/core/sources/types';
import { api } from '../api/client';
import { Icon } from '../components/Icon';
import { errorMessage } from './errors';
import { ArticleHeader } from './reader/ArticleHeader';
import { ArticleText } from './reader/ArticleText';
import { EditDetails } from './reader/EditDetails';
import { trimSpan } from './reader/highlights';
import { offsetsOfRange } from './reader/offsets';
import { saveOriginal } from './reader/original';
import { PassagePopover } from './reader/PassagePopover';
import { PassagesPanel } from './reader/PassagesPanel';
import { anchorOf, type Anchor } from './reader/Popover';
import { SelectionPopover } from './reader/SelectionPopover';
import { SuggestionsPanel } from './reader/SuggestionsPanel';
import { UndoToast } from './reader/UndoToast';
import { usePassages, type PassagesState } from './reader/usePassages';

export interface ReaderViewProps {
  sourceId: number;
  /** A passage to scroll to and flash (from a link such as `#/source/1/passage/7`). */
  passageId?: number;
  /** Text to scroll to and mark for a moment (a search hit: `#/source/1/at/120-131`). */
  at?: { start: number; end: number };
  onBack(): void;
}

type Loaded = { sourceId: number; source: SourceDetail } | { sourceId: number; error: string };

const PANEL_KEY = 'casebook.reader.panel';

function panelPreference(): boolean {
  try {
    return localStorage.getItem(PANEL_KEY) !== 'closed';
  } catch {
    return true;
  }
}

/** One source's canonical text, as headings and paragraphs, under its metadata; its passages beside it. */
export function ReaderView({ sourceId, passageId, at, onBack }: ReaderViewProps): ReactElement {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [editing, setEditing] = useState(false);
  const [panelOpen, setPanelOpen] = useState(panelPreference);
  const [deleted, setDeleted] = useState<Passage | null>(null);
  const passages = usePassages(sourceId);

  useEffect(() => {
    let live = true;
    api['sources.get']({ sourceId }).then(
      (source) => live && setLoaded({ sourceId, source }),
      (err: unknown) => live && setLoaded({ sourceId, error: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [sourceId]);

  const current = loaded?.sourceId === sourceId ? loaded : null;
  const source = current && 'source' in current ? current.source : null;
  const title = source?.title ?? null;
  useEffect(() => {
    if (!title) return;
    document.title = `${title} — Casebook`;
    return () => {
      document.title = 'Casebook';
    };
  }, [title]);

  const togglePanel = (): void => {
    const open = !panelOpen;
    setPanelOpen(open);
    try {
      localStorage.setItem(PANEL_KEY, open ? 'open' : 'closed');
    } catch {
      // Not remembered: the choice still holds for this view.
    }
  };

  return (
    <div className="view view-reader">
      <header className="view-header reader-toolbar">
        <button type="button" className="button button-quiet" onClick={onBack}>
          <Icon name="back" size={16} />
          Library
        </button>
        {source && (
          <ReaderActions
            source={source}
            editing={editing}
            onEdit={() => setEditing(true)}
            panelOpen={panelOpen}
            passageCount={passages.passages?.length ?? null}
            onTogglePanel={togglePanel}
          />
        )}
      </header>
      {current === null ? (
        <div className="reader-scroll" data-testid="reader">
          <div className="view-message" aria-busy="true">
            Loading…
          </div>
        </div>
      ) : 'error' in current ? (
        <div className="reader-scroll" data-testid="reader">
          <div className="view-message" role="alert">
            <p>{current.error}</p>
            <button type="button" className="button" onClick={onBack}>
              Back to the Library
            </button>
          </div>
        </div>
      ) : (
        <Reading
          source={current.source}
          passages={passages}
          passageId={passageId}
          at={at}
          panelOpen={panelOpen}
          editing={editing}
          onSaved={(updated) => {
            setLoaded({ sourceId, source: updated });
            setEditing(false);
          }}
          onCancelEdit={() => setEditing(false)}
          onDeleted={setDeleted}
        />
      )}
      {deleted && (
        <UndoToast
          key={deleted.passageId}
          message="Passage deleted."
          onUndo={() => api['passages.restore']({ passageId: deleted.passageId }).then(passages.reload)}
          onDismiss={() => setDeleted(null)}
        />
      )}
    </div>
  );
}

interface ReaderActionsProps {
  source: SourceDetail;
  editing: boolean;
  onEdit(): void;
  panelOpen: boolean;
  passageCount: number | null;
  onTogglePanel(): void;
}

function ReaderActions({
  source,
  editing,
  onEdit,
  panelOpen,
  passageCount,
  onTogglePanel,
}: ReaderActionsProps): ReactElement {
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = (): void => {
    setSaving(true);
    setProblem(null);
    saveOriginal(source.sourceId).then(
      () => setSaving(false),
      (err: unknown) => {
        setSaving(false);
        setProblem(`The original file could not be saved: ${errorMessage(err)}`);
      },
    );
  };
  return (
    <div className="view-actions reader-actions">
      {problem && (
        <p className="reader-problem" role="alert">
          {problem}
        </p>
      )}
      <button type="button" className="button" onClick={onEdit} disabled={editing}>
        <Icon name="edit" size={16} />
        Edit details
      </button>
      {source.hasOriginal && (
        <button
          type="button"
          className="button"
          onClick={save}
          disabled={saving}
          title={source.fileName ? `Save a copy of ${source.fileName}, as it was imported` : undefined}
        >
          <Icon name="download" size={16} />
          Original file
        </button>
      )}
      <button
        type="button"
        className="button"
        aria-pressed={panelOpen}
        aria-controls="reader-panel"
        onClick={onTogglePanel}
        title={panelOpen ? 'Hide passages and suggestions' : 'Show passages and suggestions'}
      >
        <Icon name="entities" size={16} />
        Passages
        {passageCount !== null && <span className="button-count">{passageCount}</span>}
      </button>
    </div>
  );
}

type OpenPopover =
  | { kind: 'selection'; span: { start: number; end: number }; anchor: Anchor }
  | { kind: 'passages'; ids: number[]; anchor: Anchor };

interface ReadingProps {
  source: SourceDetail;
  passages: PassagesState;
  passageId: number | undefined;
  at: { start: number; end: number } | undefined;
  panelOpen: boolean;
  editing: boolean;
  onSaved(source: SourceDetail): void;
  onCancelEdit(): void;
  onDeleted(passage: Passage): void;
}

/** How long a passage shown from a link or the panel flashes, and a suggestion's mention stays marked. */
const FLASH_MS = 1600;
const GLIMPSE_MS = 2400;

/**
 * The marks of one passage: scrolled to the middle and flashed in their
 * colour (an animation, so nothing is re-rendered); returns the first.
 */
function flashPassage(root: HTMLElement | null, passageId: number): HTMLElement | null {
  const marks = root ? [...root.querySelectorAll<HTMLElement>(`mark[data-passages~="${passageId}"]`)] : [];
  const first = marks[0];
  if (!first) return null;
  first.scrollIntoView({ block: 'center' });
  for (const mark of marks) {
    const colour = getComputedStyle(mark).getPropertyValue('--entity').trim() || 'currentColor';
    mark.animate(
      [
        { boxShadow: `0 0 0 4px ${colour}` },
        { boxShadow: `0 0 0 4px ${colour}`, offset: 0.35 },
        { boxShadow: '0 0 0 0 transparent' },
      ],
      { duration: FLASH_MS, easing: 'ease-out' },
    );
  }
  return first;
}

/** The text with its highlights and popovers, and the side panel of passages and suggestions. */
function Reading({
  source,
  passages,
  passageId,
  at,
  panelOpen,
  editing,
  onSaved,
  onCancelEdit,
  onDeleted,
}: ReadingProps): ReactElement {
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [popover, setPopover] = useState<OpenPopover | null>(null);
  const [glimpse, setGlimpse] = useState<{ start: number; end: number } | null>(null);
  const glimpseTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(glimpseTimer.current), []);

  const list = passages.passages;
  const byId = useMemo(() => new Map((list ?? []).map((p) => [p.passageId, p])), [list]);
  const loaded = list !== null;

  // A link to a passage: once its highlight is drawn, show it.
  useEffect(() => {
    if (passageId === undefined || !loaded) return;
    const frame = requestAnimationFrame(() => flashPassage(textRef.current, passageId));
    return () => cancelAnimationFrame(frame);
  }, [passageId, loaded]);

  useEffect(() => {
    if (glimpse) textRef.current?.querySelector('.hl-glimpse')?.scrollIntoView({ block: 'center' });
  }, [glimpse]);

  // A search hit: mark its text for a moment, scrolled into view.
  const atStart = at?.start;
  const atEnd = at?.end;
  useEffect(() => {
    if (atStart === undefined || atEnd === undefined || atEnd <= atStart || atEnd > source.text.length) return;
    const frame = requestAnimationFrame(() => {
      clearTimeout(glimpseTimer.current);
      setGlimpse({ start: atStart, end: atEnd });
      glimpseTimer.current = setTimeout(() => setGlimpse(null), GLIMPSE_MS);
    });
    return () => cancelAnimationFrame(frame);
  }, [atStart, atEnd, source.text.length]);

  // The click that ends a selection (inside a highlight, say) must not also open that highlight.
  const selecting = useRef(false);

  const onMouseUp = (): void => {
    const root = textRef.current;
    const selection = window.getSelection();
    if (!root || !container || !selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(root)) return;
    // A selection that starts in the title or runs past the end keeps only its part of the text.
    const bounds = document.createRange();
    bounds.selectNodeContents(root);
    const startsBefore = bounds.comparePoint(range.startContainer, range.startOffset) < 0;
    const endsAfter = bounds.comparePoint(range.endContainer, range.endOffset) > 0;
    const offsets = offsetsOfRange(root, {
      startContainer: startsBefore ? root : range.startContainer,
      startOffset: startsBefore ? 0 : range.startOffset,
      endContainer: endsAfter ? root : range.endContainer,
      endOffset: endsAfter ? root.childNodes.length : range.endOffset,
    });
    const span = offsets && trimSpan(source.text, offsets.start, offsets.end);
    if (!span) return;
    const anchor = anchorOf(range.getBoundingClientRect(), container);
    // The selection is drawn as a pending highlight while the focus is in the popover.
    selection.removeAllRanges();
    selecting.current = true;
    setPopover({ kind: 'selection', span, anchor });
  };

  const onClick = (target: EventTarget): void => {
    if (selecting.current) {
      selecting.current = false;
      return;
    }
    const selection = window.getSelection();
    if (!container || (selection && !selection.isCollapsed)) return;
    const mark = target instanceof Element ? target.closest<HTMLElement>('mark[data-passages]') : null;
    if (!mark) return;
    const ids = (mark.dataset.passages ?? '')
      .split(' ')
      .map(Number)
      .filter((id) => byId.has(id));
    if (ids.length === 0) return;
    setPopover({ kind: 'passages', ids, anchor: anchorOf(mark.getBoundingClientRect(), container) });
  };

  const reveal = (id: number): void => {
    const mark = flashPassage(textRef.current, id);
    if (mark && container)
      setPopover({ kind: 'passages', ids: [id], anchor: anchorOf(mark.getBoundingClientRect(), container) });
  };

  const showGlimpse = (span: { start: number; end: number }): void => {
    clearTimeout(glimpseTimer.current);
    setGlimpse(span);
    glimpseTimer.current = setTimeout(() => setGlimpse(null), GLIMPSE_MS);
  };

  const deleted = (passage: Passage): void => {
    setPopover(null);
    passages.reload();
    onDeleted(passage);
  };

  const open = popover?.kind === 'passages' ? popover.ids.flatMap((id) => byId.get(id) ?? []) : [];

  return (
    <div className="reader-body">
      <div className="reader-scroll" data-testid="reader" ref={setContainer}>
        <Article
          source={source}
          passages={list}
          pending={popover?.kind === 'selection' ? popover.span : null}
          glimpse={glimpse}
          textRef={textRef}
          editing={editing}
          onSaved={onSaved}
          onCancelEdit={onCancelEdit}
          onMouseDown={() => {
            selecting.current = false;
            // On the document: a drag that starts in the text may end past it (in the margin, on the panel).
            document.addEventListener('mouseup', onMouseUp, { once: true });
          }}
          onClick={onClick}
          // With the panel open, the panel says it.
          problem={panelOpen ? null : passages.error}
        />
        {container && popover?.kind === 'selection' && (
          <SelectionPopover
            key={`${popover.span.start}-${popover.span.end}`}
            sourceId={source.sourceId}
            text={source.text}
            span={popover.span}
            anchor={popover.anchor}
            container={container}
            onSaved={() => {
              setPopover(null);
              passages.reload();
            }}
            onClose={() => setPopover(null)}
          />
        )}
        {container && open.length > 0 && popover?.kind === 'passages' && (
          <PassagePopover
            key={popover.ids.join(' ')}
            passages={open}
            showPage={source.kind === 'pdf'}
            anchor={popover.anchor}
            container={container}
            onChanged={passages.reload}
            onDeleted={deleted}
            onClose={() => setPopover(null)}
          />
        )}
      </div>
      {panelOpen && (
        <aside
          className="reader-panel"
          id="reader-panel"
          aria-label="Passages and suggestions"
          data-testid="reader-panel"
        >
          <PassagesPanel
            passages={list}
            error={passages.error}
            showPage={source.kind === 'pdf'}
            onReveal={reveal}
            onDelete={(p) =>
              api['passages.delete']({ passageId: p.passageId }).then(
                () => deleted(p),
                () => passages.reload(),
              )
            }
            focusId={passageId ?? null}
          />
          <SuggestionsPanel sourceId={source.sourceId} text={source.text} onGlimpse={showGlimpse} />
        </aside>
      )}
    </div>
  );
}

interface ArticleProps {
  source: SourceDetail;
  passages: Passage[] | null;
  pending: { start: number; end: number } | null;
  glimpse: { start: number; end: number } | null;
  textRef: RefObject<HTMLDivElement | null>;
  editing: boolean;
  onSaved(source: SourceDetail): void;
  onCancelEdit(): void;
  onMouseDown(): void;
  onClick(target: EventTarget): void;
  problem: string | null;
}

function Article({
  source,
  passages,
  pending,
  glimpse,
  textRef,
  editing,
  onSaved,
  onCancelEdit,
  onMouseDown,
  onClick,
  problem,
}: ArticleProps): ReactElement {
  const heading = useRef<HTMLHeadingElement>(null);
  // Moves focus into the article, so screen readers start at its title and keys scroll it;
  // again after editing, so the keyboard is not left on a form that is gone.
  useEffect(() => {
    if (!editing) heading.current?.focus({ preventScroll: true });
  }, [source.sourceId, editing]);

  return (
    <article className="reader" onMouseDown={onMouseDown} onClick={(e) => onClick(e.target)}>
      {editing ? (
        <EditDetails source={source} onSaved={onSaved} onCancel={onCancelEdit} />
      ) : (
        <ArticleHeader source={source} headingRef={heading} />
      )}
      {problem && (
        <p className="reader-passages-error" role="alert">
          {problem}
        </p>
      )}
      <ArticleText
        source={source}
        passages={passages ?? undefined}
        pending={pending}
        glimpse={glimpse}
        textRef={textRef}
      />
    </article>
  );
}
