import { useEffect, useRef, type ReactElement } from 'react';
import type { Passage } from '../../../src-main/core/passages/types';
import { entityTypeClass } from '../../components/EntityPicker';
import { routeHref } from '../route';
import { PASSAGE_MIME } from '../../editor/plugins/PassageDropPlugin/payload';

export interface PassagesPanelProps {
  passages: Passage[] | null;
  error: string | null;
  showPage: boolean;
  /** A passage of the text to scroll to and open. */
  onReveal(passageId: number): void;
  onDelete(passage: Passage): void;
  /** The orphan to point at (opened from a link to it). */
  focusId: number | null;
}

/**
 * This source's passages in text order; those that could not be re-anchored
 * after the text changed are listed apart, with their quote, for review.
 */
export function PassagesPanel({
  passages,
  error,
  showPage,
  onReveal,
  onDelete,
  focusId,
}: PassagesPanelProps): ReactElement {
  const section = useRef<HTMLElement>(null);
  const hasPassages = passages !== null;
  // A link to an orphan has no highlight to show: its entry here is shown instead.
  useEffect(() => {
    if (focusId !== null && hasPassages)
      section.current?.querySelector(`[data-passage-id="${focusId}"].is-orphan`)?.scrollIntoView({ block: 'nearest' });
  }, [focusId, hasPassages]);

  const anchored = passages?.filter((p) => p.status === 'anchored') ?? [];
  const orphans = passages?.filter((p) => p.status === 'orphan') ?? [];
  return (
    <section
      ref={section}
      className="panel-section"
      aria-labelledby="panel-passages-title"
      data-testid="panel-passages"
    >
      <div className="panel-head">
        <h2 className="panel-title" id="panel-passages-title">
          Passages
        </h2>
        {passages && <span className="panel-count">{passages.length}</span>}
      </div>
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
      {passages === null && !error && <p className="panel-note">Loading…</p>}
      {passages?.length === 0 && <p className="panel-note">Select text in the article to mark a passage.</p>}
      {anchored.length > 0 && (
        <ul className="panel-list">
          {anchored.map((p) => (
            <li
              key={p.passageId}
              draggable
              title="Drag into a note to quote it"
              onDragStart={(e) => {
                e.dataTransfer.setData(PASSAGE_MIME, JSON.stringify({ passageId: p.passageId }));
                e.dataTransfer.setData('text/plain', p.exact);
                e.dataTransfer.effectAllowed = 'copy';
              }}
            >
              <button type="button" className="panel-passage" onClick={() => onReveal(p.passageId)}>
                <PassageSummary passage={p} showPage={showPage} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {orphans.length > 0 && (
        <>
          <h3 className="panel-subtitle panel-subtitle-warn">Could not be re-anchored</h3>
          <p className="panel-note">The text changed and these quotes were not found again; kept for review.</p>
          <ul className="panel-list">
            {orphans.map((p) => (
              <li
                key={p.passageId}
                className={`panel-passage is-orphan${p.passageId === focusId ? ' is-focused' : ''}`}
                data-testid="orphan-passage"
                data-passage-id={p.passageId}
              >
                <PassageSummary passage={p} showPage={showPage} links />
                <button type="button" className="button button-small button-danger" onClick={() => onDelete(p)}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PassageSummary({
  passage,
  showPage,
  links,
}: {
  passage: Passage;
  showPage: boolean;
  links?: boolean;
}): ReactElement {
  return (
    <>
      <q className="panel-quote">{passage.exact}</q>
      {(passage.entities.length > 0 || (showPage && passage.page !== null)) && (
        <span className="panel-entities">
          {passage.entities.map((e) => (
            <span key={e.entityId} className={`panel-entity ${entityTypeClass(e.type)}`}>
              <span className="entity-dot" aria-hidden="true" />
              {links ? <a href={routeHref({ name: 'entity', entityId: e.entityId })}>{e.name}</a> : e.name}
            </span>
          ))}
          {showPage && passage.page !== null && <span className="panel-page">p. {passage.page}</span>}
        </span>
      )}
      {passage.comment && <span className="panel-comment">{passage.comment}</span>}
    </>
  );
}
