import { useId, useState, type FormEvent, type ReactElement } from 'react';
import type { Passage } from '../../../src-main/core/passages/types';
import { api } from '../../api/client';
import { EntityPicker, EntityTypeBadge, entityTypeClass, type EntityChoice } from '../../components/EntityPicker';
import { Icon } from '../../components/Icon';
import { errorMessage } from '../errors';
import { Popover, type Anchor } from './Popover';

export interface SelectionPopoverProps {
  sourceId: number;
  text: string;
  span: { start: number; end: number };
  anchor: Anchor;
  container: HTMLElement;
  onSaved(passage: Passage): void;
  onClose(): void;
}

/** A quote short enough to be a name is offered as the entity to look up or create. */
const asName = (quote: string): string => (quote.length <= 60 && !/\n/.test(quote) ? quote : '');

const keyOf = (c: EntityChoice): string =>
  'entity' in c ? `e${c.entity.entityId}` : `new-${c.newEntity.type}-${c.newEntity.name.toLowerCase()}`;

/**
 * What the analyst does with a selection: link it to entities (found by name
 * or alias, or created with a type), add a comment, and save it as a passage.
 * Enter picks an entity, then (with nothing typed) saves; Escape closes.
 */
export function SelectionPopover({
  sourceId,
  text,
  span,
  anchor,
  container,
  onSaved,
  onClose,
}: SelectionPopoverProps): ReactElement {
  const quote = text.slice(span.start, span.end);
  const [chosen, setChosen] = useState<EntityChoice[]>([]);
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  const save = (e?: FormEvent): void => {
    e?.preventDefault();
    if (saving) return;
    setSaving(true);
    setProblem(null);
    api['passages.create']({
      sourceId,
      start: span.start,
      end: span.end,
      comment: comment.trim() === '' ? null : comment.trim(),
      entityIds: chosen.flatMap((c) => ('entity' in c ? [c.entity.entityId] : [])),
      newEntities: chosen.flatMap((c) => ('newEntity' in c ? [c.newEntity] : [])),
    }).then(onSaved, (err: unknown) => {
      setSaving(false);
      setProblem(`The passage was not saved: ${errorMessage(err)}`);
    });
  };

  return (
    <Popover
      anchor={anchor}
      container={container}
      label="New passage"
      onClose={onClose}
      className="selection-popover"
      testId="selection-popover"
    >
      <form
        className="popover-form"
        onSubmit={save}
        onCopy={(e) => {
          // The selection left the page when the popover opened; copying with nothing selected here copies it.
          const field = e.target as HTMLInputElement | HTMLTextAreaElement;
          if ('selectionStart' in field && field.selectionStart !== field.selectionEnd) return;
          e.preventDefault();
          e.clipboardData.setData('text/plain', quote);
        }}
      >
        <blockquote className="popover-quote">{quote}</blockquote>
        {chosen.length > 0 && (
          <ul className="chip-list" aria-label="Entities to link">
            {chosen.map((c) => {
              const name = 'entity' in c ? c.entity.name : c.newEntity.name;
              const type = 'entity' in c ? c.entity.type : c.newEntity.type;
              return (
                <li key={keyOf(c)} className={`chip ${entityTypeClass(type)}`}>
                  <span className="entity-dot" aria-hidden="true" />
                  <span className="chip-name">{name}</span>
                  {'newEntity' in c ? <span className="chip-note">new</span> : null}
                  <EntityTypeBadge type={type} />
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={`Remove ${name}`}
                    onClick={() => setChosen((all) => all.filter((x) => keyOf(x) !== keyOf(c)))}
                  >
                    <Icon name="close" size={12} />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <EntityPicker
          inline
          label="Link to an entity"
          placeholder="Link to an entity: type a name…"
          initialQuery={asName(quote)}
          autoFocus
          excludeIds={chosen.flatMap((c) => ('entity' in c ? [c.entity.entityId] : []))}
          onPick={(choice) =>
            setChosen((all) => (all.some((x) => keyOf(x) === keyOf(choice)) ? all : [...all, choice]))
          }
          onEnterEmpty={() => save()}
          onEscape={onClose}
        />
        <label className="popover-label" htmlFor={`${id}-comment`}>
          Comment <span className="form-hint">optional</span>
        </label>
        <textarea
          id={`${id}-comment`}
          className="form-input popover-comment"
          rows={2}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) save(e);
          }}
        />
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <div className="popover-actions">
          <button type="submit" className="button button-primary button-small" disabled={saving}>
            {saving ? 'Saving…' : 'Save passage'}
          </button>
          <button type="button" className="button button-small" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Popover>
  );
}
