import type { ReactElement } from 'react';
import { api } from '../../api/client';
import { entityTypeClass } from '../../components/EntityPicker';
import { dayOf } from '../format';
import { routeHref } from '../route';
import { useLive } from './useLive';

/**
 * Passages whose quote could not be found again after their source's text
 * changed. They are kept, never dropped: each links to its source, where the
 * reader lists it for review.
 */
export function OrphansList(): ReactElement {
  const orphans = useLive(
    () => api['passages.orphans']({}),
    'orphans',
    ['passages.changed', 'entities.changed'],
    'The orphaned passages could not be loaded',
  );
  const list = orphans.value;
  return (
    <div className="ent-tab-scroll" data-testid="orphans-list">
      <div className="ent-tab-body">
        <p className="ent-tab-lead">
          When a source’s text is extracted again, every passage is anchored anew by its quote and the words around it.
          The ones that could not be found again wait here, with their quote, so nothing is lost.
        </p>
        {orphans.error && (
          <p className="ent-status is-error" role="alert">
            {orphans.error}
          </p>
        )}
        {list === null && !orphans.error && (
          <p className="ent-empty" aria-busy="true">
            Loading…
          </p>
        )}
        {list?.length === 0 && (
          <p className="ent-empty">No orphaned passages: every passage is anchored in its text.</p>
        )}
        {list && list.length > 0 && (
          <ul className="ent-orphans">
            {list.map((p) => (
              <li key={p.passageId} className="ent-orphan" data-testid="orphan">
                <a
                  className="ent-orphan-source"
                  href={routeHref({ name: 'source', sourceId: p.sourceId, passageId: p.passageId })}
                >
                  {p.sourceTitle}
                </a>
                <p className="ent-orphan-quote">
                  {p.prefix && <span className="ent-orphan-context">…{p.prefix}</span>}
                  <q className="ent-orphan-exact">{p.exact}</q>
                  {p.suffix && <span className="ent-orphan-context">{p.suffix}…</span>}
                </p>
                <div className="ent-orphan-meta">
                  {p.entities.map((e) => (
                    <a
                      key={e.entityId}
                      className={`ent-chip ${entityTypeClass(e.type)}`}
                      href={routeHref({ name: 'entity', entityId: e.entityId })}
                    >
                      <span className="entity-dot" aria-hidden="true" />
                      {e.name}
                    </a>
                  ))}
                  {p.page !== null && <span>p. {p.page}</span>}
                  <span>marked {dayOf(p.createdAt)}</span>
                </div>
                {p.comment && <p className="ent-orphan-comment">{p.comment}</p>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
