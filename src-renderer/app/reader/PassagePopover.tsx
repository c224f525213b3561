import { useId, useState, type ReactElement } from 'react';
import type { Passage } from '../../../src-main/core/passages/types';
import { api } from '../../api/client';
import { EntityPicker, EntityTypeBadge, entityTypeClass } from '../../components/EntityPicker';
import { errorMessage } from '../errors';
import { routeHref } from '../route';
import { Popover, type Anchor } from './Popover';
import { quoteInNote } from '../notes/quoteInNote';

export interface PassagePopoverProps {
  /** The passages at the point clicked (several where highlights overlap), in text order. */
  passages: Passage[];
  showPage: boolean;
  anchor: Anchor;
  container: HTMLElement;
  onChanged(): void;
  onDeleted(passage: Passage): void;
  onClose(): void;
}

/** What a highlight holds: its entities (each opens its page), its comment, and the ways to change or delete it. */
export function PassagePopover({
  passages,
  showPage,
  anchor,
  container,
  onChanged,
  onDeleted,
  onClose,
}: PassagePopoverProps): ReactElement {
  const many = passages.length > 1;
  return (
    <Popover
      anchor={anchor}
      container={container}
      label={many ? `${passages.length} passages` : 'Passage'}
      onClose={onClose}
      className="passage-popover"
      testId="passage-popover"
    >
      {many && <p className="popover-heading">{passages.length} passages overlap here</p>}
      {passages.map((p) => (
        <PassageCard
          key={p.passageId}
          passage={p}
          showQuote={many}
          showPage={showPage}
          onChanged={onChanged}
          onDeleted={onDeleted}
          onClose={onClose}
        />
      ))}
    </Popover>
  );
}

interface PassageCardProps {
  passage: Passage;
  showQuote: boolean;
  showPage: boolean;
  onChanged(): void;
  onDeleted(passage: Passage): void;
  onClose(): void;
}

function PassageCard({ passage, showQuote, showPage, onChanged, onDeleted, onClose }: PassageCardProps): ReactElement {
  const [comment, setComment] = useState(passage.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const saved = passage.comment ?? '';
  const dirty = comment.trim() !== saved.trim();

  /** Runs one change; the passage list reloads on the core's event, and also here for a prompt redraw. */
  const change = (what: string, call: () => Promise<unknown>, then?: () => void): void => {
    setBusy(true);
    setProblem(null);
    call().then(
      () => {
        setBusy(false);
        onChanged();
        then?.();
      },
      (err: unknown) => {
        setBusy(false);
        setProblem(`${what}: ${errorMessage(err)}`);
      },
    );
  };

  const saveComment = (): void =>
    change('The comment was not saved', () =>
      api['passages.update']({ passageId: passage.passageId, comment: comment.trim() === '' ? null : comment.trim() }),
    );

  return (
    <section className="passage-card" data-testid="passage-card" data-passage-id={passage.passageId}>
      {showQuote && <blockquote className="popover-quote">{passage.exact}</blockquote>}
      {showPage && passage.page !== null && <p className="passage-page">Page {passage.page}</p>}
      {passage.entities.length > 0 ? (
        <ul className="passage-entities" aria-label="Linked entities">
          {passage.entities.map((e) => (
            <li key={e.entityId} className={`passage-entity ${entityTypeClass(e.type)}`}>
              <span className="entity-dot" aria-hidden="true" />
              <a className="passage-entity-name" href={routeHref({ name: 'entity', entityId: e.entityId })}>
                {e.name}
              </a>
              <EntityTypeBadge type={e.type} />
              <button
                type="button"
                className="button button-small button-quiet-small"
                aria-label={`Unlink ${e.name}`}
                title={`Unlink ${e.name} from this passage`}
                disabled={busy}
                onClick={() =>
                  change(`${e.name} was not unlinked`, () =>
                    api['passages.unlink']({ passageId: passage.passageId, entityId: e.entityId }),
                  )
                }
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="passage-unlinked">Not linked to an entity yet.</p>
      )}
      <EntityPicker
        inline
        label="Add an entity"
        placeholder="Add an entity…"
        excludeIds={passage.entities.map((e) => e.entityId)}
        disabled={busy}
        onPick={(choice) =>
          change('The entity was not linked', () =>
            api['passages.link'](
              'entity' in choice
                ? { passageId: passage.passageId, entityId: choice.entity.entityId }
                : { passageId: passage.passageId, newEntity: choice.newEntity },
            ),
          )
        }
        onEscape={onClose}
      />
      <label className="popover-label" htmlFor={`${id}-comment`}>
        Comment
      </label>
      <textarea
        id={`${id}-comment`}
        className="form-input popover-comment"
        rows={2}
        value={comment}
        placeholder="Why this passage matters…"
        onChange={(e) => setComment(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey) && dirty) {
            e.preventDefault();
            saveComment();
          }
        }}
      />
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="popover-actions">
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          title="Add this passage as a quote to the note you last had open (or a new one)"
          onClick={() => {
            setProblem(null);
            quoteInNote(passage.passageId).catch((err: unknown) =>
              setProblem(`The passage was not quoted: ${errorMessage(err)}`),
            );
          }}
        >
          Quote in note
        </button>
        {dirty && (
          <button type="button" className="button button-primary button-small" disabled={busy} onClick={saveComment}>
            Save comment
          </button>
        )}
        <button
          type="button"
          className="button button-small button-danger"
          disabled={busy}
          onClick={() =>
            change(
              'The passage was not deleted',
              () => api['passages.delete']({ passageId: passage.passageId }),
              () => onDeleted(passage),
            )
          }
        >
          Delete passage
        </button>
      </div>
    </section>
  );
}
