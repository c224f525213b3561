import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type ReactElement,
  type RefObject,
} from 'react';
import type { EntityListItem, EntitySort, EntityType } from '../../../src-main/core/entities/types';
import { ENTITY_TYPE_ORDER, EntityTypeBadge, entityTypeClass } from '../../components/EntityPicker';
import { onCoreEvent } from '../events';
import { dayOf } from '../format';
import type { EntityRows } from './entityRows';

/** Fixed, so the virtualizer never measures. */
export const ROW_HEIGHT = 40;
/** Long enough to skip a call per keystroke of fast typing. */
const SEARCH_DELAY_MS = 150;

const SORTS: { sort: EntitySort; label: string }[] = [
  { sort: 'name', label: 'Name' },
  { sort: 'passages', label: 'Most passages' },
  { sort: 'sources', label: 'Most sources' },
  { sort: 'updated', label: 'Recently updated' },
];

export interface EntityListProps {
  rows: EntityRows;
  onOpen(entityId: number): void;
  onCreate(): void;
}

/**
 * Every live entity with its type, aliases and how much evidence it has: a
 * quick search over names and aliases, a filter by type, four orders. The
 * rows are virtualized and the list works from the keyboard like the Library.
 */
export function EntityList({ rows, onOpen, onCreate }: EntityListProps): ReactElement {
  const [initial] = useState(() => rows.getFilter());
  const [text, setText] = useState(initial.query);
  const [type, setType] = useState<EntityType | null>(initial.type);
  const [sort, setSort] = useState<EntitySort>(initial.sort);
  const [query, setQuery] = useState(initial.query);
  const grid = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const q = text.trim();
    if (q === query) return;
    const timer = setTimeout(() => setQuery(q), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, query]);

  useEffect(() => rows.setFilter({ query, type, sort }), [rows, query, type, sort]);

  useEffect(() => {
    // Back from another view: what changed meanwhile is read again, the rows on screen staying until then.
    if (rows.getSnapshot().total !== null) rows.refresh();
    const stops = [
      onCoreEvent('entities.changed', () => rows.refresh()),
      onCoreEvent('passages.changed', () => rows.refresh()),
      // Also fired when another notebook is opened: these rows would be the old notebook's.
      onCoreEvent('sources.changed', () => rows.refresh()),
    ];
    return () => stops.forEach((stop) => stop());
  }, [rows]);

  const { total, version, error } = useSyncExternalStore(rows.subscribe, rows.getSnapshot);
  const filtered = query !== '' || type !== null;

  let body: ReactElement;
  if (total === null) {
    body = error ? (
      <div className="view-message" role="alert">
        <p>{error}</p>
        <button type="button" className="button" onClick={() => rows.refresh()}>
          Try again
        </button>
      </div>
    ) : (
      <div className="view-message" aria-busy="true">
        Loading…
      </div>
    );
  } else if (total === 0) {
    body = filtered ? (
      <div className="view-message" data-testid="entities-empty">
        <p>
          No {type ? `${type.toLowerCase()} ` : ''}entities{query ? ` match “${query}”` : ''}.
        </p>
      </div>
    ) : (
      <div className="view-message" data-testid="entities-empty">
        <p className="ent-empty-title">No entities yet</p>
        <p>
          Select text in a source to link it to a person, organization, place or event, accept suggestions, or create an
          entity here.
        </p>
        <button type="button" className="button button-primary" onClick={onCreate}>
          New entity
        </button>
      </div>
    );
  } else {
    body = <EntityGrid rows={rows} total={total} version={version} onOpen={onOpen} gridRef={grid} />;
  }

  return (
    <>
      <div className="ent-toolbar" role="search">
        <input
          type="search"
          className="form-input ent-search"
          aria-label="Search entities"
          placeholder="Search names and aliases"
          value={text}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && grid.current) {
              e.preventDefault();
              grid.current.focus();
            } else if (e.key === 'Enter') {
              const first = rows.row(0);
              if (first && text.trim() === query) onOpen(first.entityId);
            }
          }}
        />
        <div className="ent-type-filter" role="group" aria-label="Filter by type">
          <button type="button" className="filter-chip" aria-pressed={type === null} onClick={() => setType(null)}>
            All types
          </button>
          {ENTITY_TYPE_ORDER.map((t) => (
            <button
              key={t}
              type="button"
              className={`filter-chip ent-type-chip ${entityTypeClass(t)}`}
              aria-pressed={type === t}
              onClick={() => setType(type === t ? null : t)}
            >
              <span className="entity-dot" aria-hidden="true" />
              {t}
            </button>
          ))}
        </div>
        <label className="ent-sort">
          <span className="ent-sort-label">Sort</span>
          <select
            className="form-input ent-select"
            value={sort}
            onChange={(e) => setSort(e.currentTarget.value as EntitySort)}
          >
            {SORTS.map((s) => (
              <option key={s.sort} value={s.sort}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        {total !== null && (
          <span className="ent-toolbar-count" data-testid="entities-count">
            {total.toLocaleString()} {total === 1 ? 'entity' : 'entities'}
          </span>
        )}
      </div>
      {body}
    </>
  );
}

interface EntityGridProps {
  rows: EntityRows;
  total: number;
  version: number;
  onOpen(entityId: number): void;
  gridRef: RefObject<HTMLDivElement | null>;
}

const rowId = (index: number): string => `entity-row-${index}`;

function EntityGrid({ rows, total, version, onOpen, gridRef }: EntityGridProps): ReactElement {
  const [place] = useState(() => rows.getPlace());
  const [active, setActive] = useState(place.activeIndex);
  const activeIndex = Math.max(0, Math.min(active, total - 1));
  const scrollRef = useRef<HTMLDivElement>(null);

  // The compiler-lint warning is about memoizing across the virtualizer's mutable state; we do not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialOffset: place.scrollOffset,
    onChange: (v) => rows.rememberScroll(v.scrollOffset ?? 0),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => rows.ensureRange(first, last), [rows, first, last, version]);

  useEffect(() => {
    if (!place.returning) return;
    rows.markReturn(false);
    gridRef.current?.focus({ preventScroll: true });
  }, [rows, place, gridRef]);

  const open = (index: number): void => {
    const row = rows.row(index);
    if (!row) return;
    setActive(index);
    rows.rememberActive(index);
    rows.markReturn(true);
    onOpen(row.entityId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = activeIndex + 1;
        break;
      case 'ArrowUp':
        next = activeIndex - 1;
        break;
      case 'PageDown':
        next = activeIndex + pageRows;
        break;
      case 'PageUp':
        next = activeIndex - pageRows;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = total - 1;
        break;
      case 'Enter':
        e.preventDefault();
        open(activeIndex);
        return;
      default:
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(next, total - 1));
    setActive(next);
    rows.rememberActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <div
      ref={gridRef}
      className="ent-grid"
      role="grid"
      aria-label="Entities"
      aria-rowcount={total + 1}
      aria-colcount={5}
      aria-activedescendant={rowId(activeIndex)}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row">
          <div role="columnheader" className="cell">
            Name
          </div>
          <div role="columnheader" className="cell">
            Type
          </div>
          <div role="columnheader" className="cell cell-num">
            Passages
          </div>
          <div role="columnheader" className="cell cell-num">
            Sources
          </div>
          <div role="columnheader" className="cell cell-date">
            Updated
          </div>
        </div>
      </div>
      <div ref={scrollRef} className="grid-scroll" tabIndex={-1} data-testid="entity-list-scroll">
        <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows.row(item.index);
            return (
              <div
                key={item.key}
                id={rowId(item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-busy={row ? undefined : true}
                className={item.index === activeIndex ? 'grid-row is-active' : 'grid-row'}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => open(item.index)}
              >
                {row ? (
                  <EntityCells row={row} />
                ) : (
                  <div role="gridcell" className="cell">
                    <span className="skeleton" />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function EntityCells({ row }: { row: EntityListItem }): ReactElement {
  const aliases = row.aliases.join(' · ');
  return (
    <>
      <div role="gridcell" className={`cell ent-cell-name ${entityTypeClass(row.type)}`}>
        <span className="entity-dot" aria-hidden="true" />
        <span className="ent-row-name" title={row.name}>
          {row.name}
        </span>
        {aliases && (
          <span className="ent-row-aliases" title={`Also: ${aliases}`}>
            {aliases}
          </span>
        )}
      </div>
      <div role="gridcell" className="cell">
        <EntityTypeBadge type={row.type} />
      </div>
      <div role="gridcell" className="cell cell-num">
        {row.passages.toLocaleString()}
      </div>
      <div role="gridcell" className="cell cell-num">
        {row.sources.toLocaleString()}
      </div>
      <div role="gridcell" className="cell cell-date">
        {dayOf(row.updatedAt)}
      </div>
    </>
  );
}
