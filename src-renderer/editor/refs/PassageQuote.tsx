import type { ReactElement } from 'react';
import { dayOf } from '../../app/format';
import { useCited } from './refsStore';

/**
 * A quoted passage: its text and where it comes from. The citation opens the
 * reader at the passage. A deleted passage says so, and keeps showing the
 * words it held while it is only in the trash.
 */
export function PassageQuote({ passageId, selected }: { passageId: number; selected: boolean }): ReactElement {
  const view = useCited('passage', passageId);
  const cls = `passage-quote${selected ? ' is-selected' : ''}`;
  if (!view)
    return (
      <figure className={`${cls} is-loading`} data-passage-id={passageId}>
        <blockquote className="quote-text">…</blockquote>
      </figure>
    );
  if (view.status !== 'ok')
    return (
      <figure className={`${cls} is-deleted`} data-passage-id={passageId} data-testid="quote-deleted">
        <p className="quote-missing">Quoted passage was deleted</p>
        {view.exact && <blockquote className="quote-text">{view.exact}</blockquote>}
        {view.sourceTitle && <figcaption className="quote-citation">from {view.sourceTitle}</figcaption>}
      </figure>
    );
  const where = [view.sourcePublishedAt ? dayOf(view.sourcePublishedAt) : null, view.page ? `p. ${view.page}` : null]
    .filter(Boolean)
    .join(', ');
  return (
    <figure className={cls} data-passage-id={passageId}>
      <blockquote className="quote-text">{view.exact}</blockquote>
      <figcaption className="quote-citation">
        <a
          href={`#/source/${view.sourceId}/passage/${passageId}`}
          title="Open the passage in the reader"
          draggable={false}
        >
          {view.sourceTitle}
        </a>
        {where && <span className="quote-where">, {where}</span>}
        {view.orphan && <span className="quote-orphan"> · no longer found in the source text</span>}
      </figcaption>
    </figure>
  );
}
