import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getSelection, $isRangeSelection, $setSelection, type BaseSelection, type LexicalEditor } from 'lexical';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { EvidenceBlockKind, EvidencePassage } from '../../../../src-main/core/dossiers/types';
import type { PassageHit } from '../../../../src-main/core/search/types';
import { api } from '../../../api/client';
import { errorMessage } from '../../../app/errors';
import { dayOf } from '../../../app/format';
import { EntityPicker, entityTypeClass, type EntityChoice } from '../../../components/EntityPicker';
import { Icon } from '../../../components/Icon';
import { INSERT_PASSAGE_QUOTE_COMMAND } from '../../commands';
import { INSERT_ENTITY_CARD_COMMAND, INSERT_EVIDENCE_BLOCK_COMMAND } from '../../dossierCommands';
import { evidence, evidenceKey } from '../../refs/dossierRefs';
import { EVIDENCE_LABELS } from '../../refs/evidenceText';
import { useLiveEntry } from '../../refs/liveCache';
import { useCited } from '../../refs/refsStore';

type EntityItem = { kind: 'card' } | { kind: 'evidence'; block: EvidenceBlockKind };
type Step = { kind: 'menu' } | { kind: 'entity'; item: EntityItem } | { kind: 'passage' };

const EVIDENCE_ORDER: EvidenceBlockKind[] = ['passages', 'timeline', 'cooccurring', 'sources'];
const PASSAGE_LIMIT = 12;

/** Runs `fn` (which dispatches an insert) with the selection the editor had when the menu opened. */
function insertAt(editor: LexicalEditor, saved: BaseSelection | null, fn: () => void): void {
  editor.update(
    () => {
      if (saved) $setSelection(saved.clone());
    },
    { discrete: true },
  );
  fn();
  editor.focus();
}

/**
 * "Insert": an entity card, a live evidence block, a passage quote or a
 * mention, at the caret. Entity-based blocks ask which entity, offering the
 * dossier's subject first.
 */
export function InsertMenuPlugin({ subjectEntityId }: { subjectEntityId: number | null }): ReactElement {
  const [editor] = useLexicalComposerContext();
  const [step, setStep] = useState<Step | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const saved = useRef<BaseSelection | null>(null);
  const box = useRef<HTMLDivElement>(null);

  const close = (): void => {
    setStep(null);
    setProblem(null);
  };

  // A click elsewhere closes the menu, as menus do.
  useEffect(() => {
    if (!step) return;
    const onDown = (event: MouseEvent): void => {
      if (!box.current?.contains(event.target as Node)) {
        setStep(null);
        setProblem(null);
      }
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [step]);

  const open = (): void => {
    saved.current = editor.read(() => $getSelection()?.clone() ?? null);
    setProblem(null);
    setStep((s) => (s ? null : { kind: 'menu' }));
  };

  const insertEntity = (item: EntityItem, entityId: number): void => {
    close();
    insertAt(editor, saved.current, () =>
      item.kind === 'card'
        ? editor.dispatchCommand(INSERT_ENTITY_CARD_COMMAND, entityId)
        : editor.dispatchCommand(INSERT_EVIDENCE_BLOCK_COMMAND, { entityId, block: item.block }),
    );
  };

  const pickEntity = (item: EntityItem, choice: EntityChoice): void => {
    if ('entity' in choice) return insertEntity(item, choice.entity.entityId);
    api['entities.create'](choice.newEntity).then(
      (entity) => insertEntity(item, entity.entityId),
      (err: unknown) => setProblem(`The entity was not created: ${errorMessage(err)}`),
    );
  };

  const insertQuote = (passageId: number): void => {
    close();
    insertAt(editor, saved.current, () => editor.dispatchCommand(INSERT_PASSAGE_QUOTE_COMMAND, passageId));
  };

  const mention = (): void => {
    close();
    editor.update(() => {
      if (saved.current) $setSelection(saved.current.clone());
      const selection = $getSelection();
      // The typeahead opens on an @ typed at the caret.
      if ($isRangeSelection(selection)) selection.insertText(selection.isCollapsed() ? '@' : ' @');
    });
    editor.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
    editor.focus();
  };

  return (
    <div className="insert-menu" ref={box} onKeyDown={onKeyDown}>
      <button
        type="button"
        className="button button-small insert-button"
        aria-haspopup="menu"
        aria-expanded={step !== null}
        onMouseDown={(e) => e.preventDefault()}
        onClick={open}
      >
        <Icon name="plus" size={15} />
        Insert
      </button>
      {step?.kind === 'menu' && (
        <div className="insert-pop" role="menu" aria-label="Insert">
          <MenuItem
            label="Entity card"
            hint="Type, name, aliases, description"
            onPick={() => setStep({ kind: 'entity', item: { kind: 'card' } })}
            autoFocus
          />
          <p className="insert-group" role="presentation">
            Live evidence <span className="insert-group-note">follows the notebook until frozen</span>
          </p>
          {EVIDENCE_ORDER.map((block) => (
            <MenuItem
              key={block}
              label={EVIDENCE_LABELS[block].menu}
              hint={EVIDENCE_LABELS[block].hint}
              live
              onPick={() => setStep({ kind: 'entity', item: { kind: 'evidence', block } })}
            />
          ))}
          <p className="insert-group" role="presentation">
            Citations
          </p>
          <MenuItem label="Passage quote" hint="With its citation" onPick={() => setStep({ kind: 'passage' })} />
          <MenuItem label="Mention an entity" hint="Or type @ in the text" onPick={mention} />
        </div>
      )}
      {step?.kind === 'entity' && (
        <div className="insert-pop insert-pick" role="dialog" aria-label="Which entity?">
          <p className="insert-pick-title">
            {step.item.kind === 'card' ? 'Entity card' : EVIDENCE_LABELS[step.item.block].menu}: which entity?
          </p>
          {subjectEntityId !== null && (
            <SubjectChoice entityId={subjectEntityId} onPick={() => insertEntity(step.item, subjectEntityId)} />
          )}
          <EntityPicker
            label="Find an entity"
            autoFocus
            inline
            onPick={(choice) => pickEntity(step.item, choice)}
            onEscape={() => {
              close();
              editor.focus();
            }}
          />
          {problem && (
            <p className="insert-problem" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
      {step?.kind === 'passage' && (
        <PassageSearch subjectEntityId={subjectEntityId} onPick={insertQuote} onCancel={close} />
      )}
    </div>
  );
}

function MenuItem(props: {
  label: string;
  hint: string;
  live?: boolean;
  autoFocus?: boolean;
  onPick(): void;
}): ReactElement {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (props.autoFocus) ref.current?.focus();
  }, [props.autoFocus]);
  return (
    <button
      ref={ref}
      type="button"
      role="menuitem"
      className="insert-item"
      onClick={props.onPick}
      onKeyDown={(e) => {
        // Arrow keys walk the menu, as in any menu.
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        e.preventDefault();
        const items = [...(e.currentTarget.parentElement?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
        const i = items.indexOf(e.currentTarget);
        items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
      }}
    >
      <span className="insert-item-label">
        {props.live && <span className="evidence-live">Live</span>}
        {props.label}
      </span>
      <span className="insert-item-hint">{props.hint}</span>
    </button>
  );
}

function SubjectChoice({ entityId, onPick }: { entityId: number; onPick(): void }): ReactElement | null {
  const view = useCited('entity', entityId);
  if (!view || view.status === 'missing') return null;
  return (
    <button type="button" className={`insert-subject ${entityTypeClass(view.type)}`} onClick={onPick}>
      <span className="entity-dot" aria-hidden="true" />
      <span className="insert-subject-name">{view.name}</span>
      <span className="insert-item-hint">the dossier’s subject</span>
    </button>
  );
}

type PassageChoice = Pick<EvidencePassage, 'passageId' | 'exact' | 'sourceTitle' | 'sourceDate'>;

const fromHit = (hit: PassageHit): PassageChoice => ({
  passageId: hit.passageId,
  exact: hit.snippet.text,
  sourceTitle: hit.title,
  sourceDate: hit.publishedAt,
});

/** Finds a passage to quote: the subject's passages to start with, then any passage by its words. */
function PassageSearch({
  subjectEntityId,
  onPick,
  onCancel,
}: {
  subjectEntityId: number | null;
  onPick(passageId: number): void;
  onCancel(): void;
}): ReactElement {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<PassageChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const subject = useLiveEntry(
    evidence,
    subjectEntityId === null ? null : evidenceKey(subjectEntityId, 'passages'),
  ).value;
  const q = query.trim();

  useEffect(() => {
    if (!q) return;
    let live = true;
    const timer = setTimeout(() => {
      api['search.query']({ q, kinds: ['passage'], limit: PASSAGE_LIMIT, asYouType: true }).then(
        (r) => {
          if (!live) return;
          setHits(r.hits.filter((h): h is PassageHit => h.kind === 'passage').map(fromHit));
          setError(null);
        },
        (err: unknown) => live && setError(errorMessage(err)),
      );
    }, 80);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  const shown: PassageChoice[] = q
    ? (hits ?? [])
    : subject?.block === 'passages'
      ? subject.items.slice(0, PASSAGE_LIMIT)
      : [];
  return (
    <div className="insert-pop insert-pick insert-passages" role="dialog" aria-label="Quote a passage">
      <p className="insert-pick-title">Quote a passage</p>
      <input
        className="form-input insert-search"
        type="search"
        aria-label="Find a passage by its words"
        placeholder="Find a passage by its words"
        value={query}
        autoFocus
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
      />
      {error && (
        <p className="insert-problem" role="alert">
          {error}
        </p>
      )}
      {!q && subjectEntityId !== null && shown.length > 0 && <p className="insert-group">Passages about the subject</p>}
      <ul className="insert-passage-list" role="listbox" aria-label="Passages">
        {shown.map((p) => (
          <li key={p.passageId}>
            <button
              type="button"
              className="insert-passage"
              role="option"
              aria-selected={false}
              onClick={() => onPick(p.passageId)}
            >
              <span className="insert-passage-text">“{p.exact}”</span>
              <span className="insert-item-hint">
                {p.sourceTitle}
                {p.sourceDate ? ` · ${dayOf(p.sourceDate)}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {q && hits && hits.length === 0 && <p className="insert-empty">No passage has these words.</p>}
      {!q && shown.length === 0 && <p className="insert-empty">Type words from the passage you want to quote.</p>}
    </div>
  );
}
