/**
 * EntityPicker: a typeahead to pick an existing entity or create one.
 *
 * Props:
 * - `label` (string): the input's accessible name (also its placeholder unless `placeholder` is given).
 * - `onPick(choice)`: called with `{ entity }` for an existing entity (an `Entity` from `entities.lookup`)
 *   or `{ newEntity: { name, type } }` for "Create “X” as Person/…" (the caller creates it). The query clears.
 * - `excludeIds?` (number[]): entities not to offer (e.g. those already linked).
 * - `initialQuery?` (string): text to start with, selected so typing replaces it.
 * - `autoFocus?` (boolean): focus the input on mount.
 * - `placeholder?` (string).
 * - `disabled?` (boolean).
 * - `onEnterEmpty?()`: Enter with nothing to pick (empty query), e.g. to submit the surrounding form.
 * - `onEscape?()`: Escape in the input; without it Escape only closes the list.
 * - `inline?` (boolean): the list is part of the layout (in a popover, so it covers nothing) and shows while
 *   there is a query; otherwise it drops down over what follows while the input has the focus.
 *
 * Keyboard: ↑/↓ move through the options, Enter picks the highlighted one, Escape as above.
 * Lookups go to `entities.lookup` (names and aliases, case- and diacritics-insensitive), newest query wins.
 * Also exported: `entityTypeClass(type)` (the CSS class that sets `--entity` for a type) and `EntityTypeBadge`.
 */
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
} from 'react';
import type { Entity, EntityType } from '../../src-main/core/entities/types';
import { api } from '../api/client';
import { errorMessage } from '../app/errors';

/** The entity types in the order they are offered; mirrors ENTITY_TYPES in the core (types only cross the boundary). */
export const ENTITY_TYPE_ORDER: readonly EntityType[] = ['Person', 'Organization', 'Place', 'Event', 'Other'];

export type EntityChoice = { entity: Entity } | { newEntity: { name: string; type: EntityType } };

/** The class that colours an element (and its dots, badges, highlights) by entity type; `null`: unlinked. */
export const entityTypeClass = (type: EntityType | null): string => `entity-type-${type ? type.toLowerCase() : 'none'}`;

export function EntityTypeBadge({ type }: { type: EntityType }): ReactElement {
  return <span className={`entity-badge ${entityTypeClass(type)}`}>{type}</span>;
}

export interface EntityPickerProps {
  label: string;
  onPick(choice: EntityChoice): void;
  excludeIds?: readonly number[];
  initialQuery?: string;
  autoFocus?: boolean;
  placeholder?: string;
  disabled?: boolean;
  onEnterEmpty?(): void;
  onEscape?(): void;
  inline?: boolean;
}

type Option = { key: string; choice: EntityChoice };

const LOOKUP_LIMIT = 8;
/** Long enough to skip a lookup per keystroke of fast typing, short enough to feel immediate. */
const LOOKUP_DELAY_MS = 60;

const fold = (s: string): string =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

export function EntityPicker({
  label,
  onPick,
  excludeIds,
  initialQuery = '',
  autoFocus,
  placeholder,
  disabled,
  onEnterEmpty,
  onEscape,
  inline,
}: EntityPickerProps): ReactElement {
  const [query, setQuery] = useState(initialQuery);
  const [found, setFound] = useState<{ query: string; entities: Entity[] } | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const trimmed = query.trim();

  useEffect(() => {
    if (!autoFocus) return;
    input.current?.focus();
    input.current?.select();
  }, [autoFocus]);

  useEffect(() => {
    if (!trimmed) return;
    let live = true;
    const timer = setTimeout(() => {
      api['entities.lookup']({ query: trimmed, limit: LOOKUP_LIMIT }).then(
        (entities) => {
          if (!live) return;
          setFound({ query: trimmed, entities });
          setLookupError(null);
        },
        (err: unknown) => live && setLookupError(`Entities could not be looked up: ${errorMessage(err)}`),
      );
    }, LOOKUP_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trimmed]);

  const options = useMemo((): Option[] => {
    if (!trimmed) return [];
    const excluded = new Set(excludeIds);
    // Results for an older query stay up until the new ones arrive, so the list does not flicker.
    const entities = (found?.entities ?? []).filter((e) => !excluded.has(e.entityId));
    const name = fold(trimmed);
    const existing = new Set(entities.filter((e) => fold(e.name) === name).map((e) => e.type));
    return [
      ...entities.map((entity) => ({ key: `e${entity.entityId}`, choice: { entity } })),
      ...ENTITY_TYPE_ORDER.filter((type) => !existing.has(type)).map((type) => ({
        key: `new-${type}`,
        choice: { newEntity: { name: trimmed, type } },
      })),
    ];
  }, [found, trimmed, excludeIds]);

  const current = Math.min(active, Math.max(0, options.length - 1));
  const expanded = (inline || open) && options.length > 0;

  const pick = (option: Option | undefined): void => {
    if (!option) return;
    onPick(option.choice);
    setQuery('');
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (options.length === 0) return;
        e.preventDefault();
        setOpen(true);
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + options.length) % options.length);
        break;
      }
      case 'Enter':
        e.preventDefault();
        if (trimmed && options.length > 0) pick(options[current]);
        else if (!trimmed) onEnterEmpty?.();
        break;
      case 'Escape':
        if (onEscape) {
          e.preventDefault();
          e.stopPropagation();
          onEscape();
        } else if (expanded) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
        }
        break;
    }
  };

  const listId = `${id}-list`;
  const optionId = (i: number): string => `${id}-option-${i}`;
  const createFrom = options.findIndex((o) => 'newEntity' in o.choice);
  const optionProps = (option: Option, i: number) => ({
    id: optionId(i),
    role: 'option',
    'aria-selected': i === current,
    // Keeps the focus in the input, so the keyboard keeps working.
    onMouseDown: (e: MouseEvent) => e.preventDefault(),
    onMouseEnter: () => setActive(i),
    onClick: () => pick(option),
  });
  return (
    <div className="entity-picker">
      <input
        ref={input}
        className="form-input entity-picker-input"
        role="combobox"
        aria-label={label}
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded ? optionId(current) : undefined}
        placeholder={placeholder ?? label}
        value={query}
        disabled={disabled}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul
        id={listId}
        className={`entity-picker-list${inline ? ' is-inline' : ''}`}
        role="listbox"
        aria-label={label}
        hidden={!expanded}
      >
        {expanded &&
          options.map((option, i) =>
            'entity' in option.choice ? (
              <li key={option.key} {...optionProps(option, i)} className="entity-picker-option">
                <EntityOption entity={option.choice.entity} query={trimmed} />
              </li>
            ) : null,
          )}
        {expanded && createFrom >= 0 && (
          <li role="presentation" className="entity-picker-create">
            <span className="entity-picker-create-label" id={`${id}-create`}>
              Create “{trimmed}” as
            </span>
            <div role="group" aria-labelledby={`${id}-create`} className="entity-picker-types">
              {options.slice(createFrom).map((option, j) => {
                const { type, name } = (option.choice as Extract<EntityChoice, { newEntity: unknown }>).newEntity;
                return (
                  <div
                    key={option.key}
                    {...optionProps(option, createFrom + j)}
                    aria-label={`Create “${name}” as ${type}`}
                    className={`entity-picker-type entity-badge ${entityTypeClass(type)}`}
                  >
                    {type}
                  </div>
                );
              })}
            </div>
          </li>
        )}
      </ul>
      {lookupError && (
        <p className="form-error" role="alert">
          {lookupError}
        </p>
      )}
    </div>
  );
}

function EntityOption({ entity, query }: { entity: Entity; query: string }): ReactElement {
  // Say which alias matched when the name itself does not show the query.
  const q = fold(query);
  const alias = fold(entity.name).includes(q) ? undefined : entity.aliases.find((a) => fold(a).includes(q));
  return (
    <>
      <span className={`entity-dot ${entityTypeClass(entity.type)}`} aria-hidden="true" />
      <span className="entity-picker-name">
        {entity.name}
        {alias && <span className="entity-picker-alias"> · {alias}</span>}
      </span>
      <EntityTypeBadge type={entity.type} />
    </>
  );
}
