import { useState, type ReactElement } from 'react';
import { api } from '../../api/client';
import { EntityTypeBadge, entityTypeClass } from '../../components/EntityPicker';
import { errorMessage } from '../errors';
import { dateTimeOf } from '../format';
import { routeHref } from '../route';
import { useLive } from './useLive';

/** Trashed entities a page; the trash is meant to be short. */
const STEP = 200;

/** Entities moved to the trash, newest first, each restorable with its links as they were. */
export function TrashList(): ReactElement {
  const [limit, setLimit] = useState(STEP);
  const trash = useLive(
    () => api['entities.list']({ trash: true, sort: 'updated', offset: 0, limit }),
    String(limit),
    ['entities.changed'],
    'The trash could not be loaded',
  );
  const [state, setState] = useState<{ busy: number | null; message: string | null; error: boolean }>({
    busy: null,
    message: null,
    error: false,
  });
  const page = trash.value;

  const restore = (entityId: number, name: string): void => {
    setState({ busy: entityId, message: null, error: false });
    api['entities.restore']({ entityId }).then(
      () => setState({ busy: null, message: `“${name}” is back in the entity list.`, error: false }),
      (err: unknown) =>
        setState({ busy: null, message: `“${name}” was not restored: ${errorMessage(err)}`, error: true }),
    );
  };

  return (
    <div className="ent-tab-scroll" data-testid="trash-list">
      <div className="ent-tab-body">
        <p className="ent-tab-lead">
          A deleted entity waits here with its passages and links, hidden from the rest of the notebook until it is
          restored.
        </p>
        {state.message && (
          <p className={state.error ? 'ent-status is-error' : 'ent-status'} role={state.error ? 'alert' : 'status'}>
            {state.message}
          </p>
        )}
        {trash.error && (
          <p className="ent-status is-error" role="alert">
            {trash.error}
          </p>
        )}
        {page === null && !trash.error && (
          <p className="ent-empty" aria-busy="true">
            Loading…
          </p>
        )}
        {page?.total === 0 && <p className="ent-empty">The trash is empty.</p>}
        {page && page.items.length > 0 && (
          <ul className="ent-trash">
            {page.items.map((e) => (
              <li key={e.entityId} className={`ent-trash-row ${entityTypeClass(e.type)}`} data-testid="trash-row">
                <span className="entity-dot" aria-hidden="true" />
                <span className="ent-trash-what">
                  <a className="ent-trash-name" href={routeHref({ name: 'entity', entityId: e.entityId })}>
                    {e.name}
                  </a>
                  <EntityTypeBadge type={e.type} />
                  {e.aliases.length > 0 && <span className="ent-row-aliases">{e.aliases.join(' · ')}</span>}
                </span>
                <span className="ent-trash-meta">
                  {e.passages.toLocaleString()} {e.passages === 1 ? 'passage' : 'passages'}
                  {e.deletedAt && ` · deleted ${dateTimeOf(e.deletedAt)}`}
                </span>
                <button
                  type="button"
                  className="button button-small"
                  disabled={state.busy !== null}
                  aria-label={`Restore ${e.name}`}
                  onClick={() => restore(e.entityId, e.name)}
                >
                  {state.busy === e.entityId ? 'Restoring…' : 'Restore'}
                </button>
              </li>
            ))}
          </ul>
        )}
        {page && page.total > page.items.length && (
          <button type="button" className="button button-small ent-more" onClick={() => setLimit(limit + STEP)}>
            Show more ({(page.total - page.items.length).toLocaleString()} more)
          </button>
        )}
      </div>
    </div>
  );
}
