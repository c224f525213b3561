import type { NodeKey } from 'lexical';
import type { ReactElement } from 'react';
import { EntityTypeBadge, entityTypeClass } from '../../components/EntityPicker';
import { entityCards } from './dossierRefs';
import { useLiveEntry } from './liveCache';
import { useCited } from './refsStore';
import { useBlockSelection } from './useBlockSelection';

export const validId = (id: unknown): id is number => Number.isSafeInteger(id) && (id as number) > 0;

/**
 * An entity card: the entity as it is now. A merged entity shows its
 * survivor (the mention lookup resolves merges); a deleted one says so.
 */
export function EntityCard({ entityId, nodeKey }: { entityId: number; nodeKey: NodeKey }): ReactElement {
  // An id no entity can have (a hand-edited file) is never asked for: one bad id would fail the whole lookup batch.
  if (!validId(entityId))
    return (
      <section className="entity-card is-missing" data-testid="entity-card">
        <p className="entity-card-missing">This entity no longer exists.</p>
      </section>
    );
  return <Card entityId={entityId} nodeKey={nodeKey} />;
}

function Card({ entityId, nodeKey }: { entityId: number; nodeKey: NodeKey }): ReactElement {
  const selected = useBlockSelection(nodeKey);
  const ref = useCited('entity', entityId);
  const shownId = ref && ref.status !== 'missing' ? ref.resolvedId : null;
  const { value: entity, error } = useLiveEntry(entityCards, shownId === null ? null : String(shownId));
  const cls = `entity-card${selected ? ' is-selected' : ''}`;

  if (ref?.status === 'missing')
    return (
      <section className={`${cls} is-missing`} data-testid="entity-card">
        <p className="entity-card-missing">This entity no longer exists.</p>
      </section>
    );
  if (!entity)
    return (
      <section className={`${cls} is-loading`} data-testid="entity-card" aria-busy={!error}>
        <p className="entity-card-missing">{error ?? '…'}</p>
      </section>
    );
  const dates =
    entity.type === 'Event' && entity.dateStart
      ? entity.dateEnd
        ? `${entity.dateStart} – ${entity.dateEnd}`
        : entity.dateStart
      : null;
  return (
    <section className={`${cls} ${entityTypeClass(entity.type)}`} data-testid="entity-card" data-entity-id={entityId}>
      <div className="entity-card-head">
        <EntityTypeBadge type={entity.type} />
        {dates && <span className="entity-card-dates">{dates}</span>}
        {ref?.status === 'trashed' && <span className="entity-card-trashed">in the trash</span>}
      </div>
      <h3 className="entity-card-name">
        <a href={`#/entity/${entity.entityId}`} draggable={false}>
          {entity.name}
        </a>
      </h3>
      {entity.aliases.length > 0 && (
        <p className="entity-card-aliases">
          <span className="entity-card-label">Also known as</span> {entity.aliases.join(' · ')}
        </p>
      )}
      {entity.description ? (
        <p className="entity-card-description">{entity.description}</p>
      ) : (
        <p className="entity-card-empty">No description yet. Edit the entity to add one; the card follows.</p>
      )}
    </section>
  );
}
