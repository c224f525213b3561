import { useEffect, useId, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { Entity } from '../../../src-main/core/entities/types';
import { api } from '../../api/client';
import { EntityTypeBadge } from '../../components/EntityPicker';
import { Icon } from '../../components/Icon';

export type EntityRef = Pick<Entity, 'entityId' | 'name' | 'type'>;

/** Narrows a search to one entity: picked by name or alias from the notebook's live entities. */
export function EntityFilter({
  value,
  onChange,
}: {
  value: EntityRef | null;
  onChange(entity: EntityRef | null): void;
}): ReactElement {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Entity[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();
  const trimmed = query.trim();

  // Entities for an older query stay up until the new ones arrive.
  const options = trimmed && open ? found : [];

  useEffect(() => {
    if (!trimmed) return;
    let live = true;
    const timer = setTimeout(() => {
      api['entities.lookup']({ query: trimmed, limit: 8 }).then(
        (entities) => {
          if (!live) return;
          setFound(entities);
          setActive(0);
        },
        () => live && setFound([]),
      );
    }, 80);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trimmed]);

  if (value) {
    return (
      <span className="search-entity-chip" data-testid="search-entity-filter">
        <EntityTypeBadge type={value.type} />
        <span className="search-entity-name">{value.name}</span>
        <button
          type="button"
          className="icon-button"
          aria-label={`Stop filtering by ${value.name}`}
          onClick={() => onChange(null)}
        >
          <Icon name="close" size={14} />
        </button>
      </span>
    );
  }

  const pick = (e: Entity | undefined): void => {
    if (!e) return;
    onChange({ entityId: e.entityId, name: e.name, type: e.type });
    setQuery('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && options.length > 0) {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
    } else if (e.key === 'Enter' && options.length > 0) {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      setQuery('');
    }
  };
  const expanded = options.length > 0;
  return (
    <span className="search-entity-picker">
      <input
        className="form-input search-filter-input"
        role="combobox"
        aria-label="Linked to entity"
        aria-expanded={expanded}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={expanded ? `${id}-${active}` : undefined}
        placeholder="Any entity"
        value={query}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {expanded && (
        <ul className="search-entity-options" id={`${id}-list`} role="listbox" aria-label="Entities">
          {options.map((e, i) => (
            <li
              key={e.entityId}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(ev) => ev.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(e)}
            >
              <EntityTypeBadge type={e.type} /> {e.name}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
