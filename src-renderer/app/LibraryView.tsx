import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactElement } from 'react';
import type { SourceRef } from '../../src-main/core/sources/types';
import { Icon } from '../components/Icon';
import { countLabel, dayOf, kindLabel } from './format';
import type { SourcesStore } from './sourcesStore';
import { Welcome } from './Welcome';

/** Fixed, so the virtualizer never measures: positions are index × height. */
export const ROW_HEIGHT = 36;

export interface LibraryViewProps {
  store: SourcesStore;
  busy: boolean;
  onOpen(sourceId: number): void;
  onImport(): void;
  onSample(): void;
  onHistory(): void;
}

export function LibraryView({ store, busy, onOpen, onImport, onSample, onHistory }: LibraryViewProps): ReactElement {
  const { total, version, error } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  let body: ReactElement;
  if (total === null) {
    body = error ? (
      <div className="view-message" role="alert">
        <p>{error}</p>
        <button type="button" className="button" onClick={() => store.refresh()}>
          Try again
        </button>
      </div>
    ) : (
      <div className="view-message" aria-busy="true">
        Loading…
      </div>
    );
  } else if (total === 0) {
    body = <Welcome onImport={onImport} onSample={onSample} busy={busy} />;
  } else {
    body = <SourceTable store={store} total={total} version={version} onOpen={onOpen} />;
  }
  return (
    <div className="view view-library">
      <header className="view-header">
        <div className="view-heading">
          <h1 className="view-title">Library</h1>
          {total !== null && total > 0 && (
            <span className="view-subtitle" data-testid="library-count">
              {countLabel(total)}
            </span>
          )}
        </div>
        {total !== null && (
          <div className="view-actions">
            <button type="button" className="button" onClick={onHistory}>
              <Icon name="history" size={16} />
              Import history
            </button>
            {total > 0 && (
              <button type="button" className="button button-primary" onClick={onImport} disabled={busy}>
                <Icon name="upload" size={16} />
                Import files…
              </button>
            )}
          </div>
        )}
      </header>
      {body}
    </div>
  );
}

/** A row imported as a near-copy of an earlier source: said in the row, the full title on hover. */
function NearDuplicateFlag({ of }: { of: SourceRef }): ReactElement {
  const text = `Possible duplicate of “${of.title}”`;
  return (
    <span className="row-flag" title={text} data-testid="near-duplicate">
      {text}
    </span>
  );
}

interface SourceTableProps {
  store: SourcesStore;
  total: number;
  version: number;
  onOpen(sourceId: number): void;
}

const rowId = (index: number): string => `source-row-${index}`;

/**
 * The sources as a grid of fixed-height rows, only the visible ones in the
 * DOM. The grid holds focus and points at the active row
 * (aria-activedescendant), so arrows, Page Up/Down, Home/End and Enter work
 * however far the list scrolls.
 */
function SourceTable({ store, total, version, onOpen }: SourceTableProps): ReactElement {
  const [place] = useState(() => store.getPlace());
  const [active, setActive] = useState(place.activeIndex);
  const activeIndex = Math.max(0, Math.min(active, total - 1));
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  // The compiler-lint warning is about memoizing across the virtualizer's mutable state; we do not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialOffset: place.scrollOffset,
    onChange: (v) => store.rememberScroll(v.scrollOffset ?? 0),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => store.ensureRange(first, last), [store, first, last, version]);

  useEffect(() => {
    if (!place.returning) return;
    store.markReturn(false);
    gridRef.current?.focus({ preventScroll: true });
  }, [store, place]);

  const open = (index: number): void => {
    const row = store.row(index);
    if (!row) return;
    setActive(index);
    store.rememberActive(index);
    store.markReturn(true);
    onOpen(row.sourceId);
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
    store.rememberActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <div
      ref={gridRef}
      className="source-grid"
      role="grid"
      aria-label="Sources, newest first"
      aria-rowcount={total + 1}
      aria-colcount={3}
      aria-activedescendant={rowId(activeIndex)}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row">
          <div role="columnheader" className="cell cell-title">
            Title
          </div>
          <div role="columnheader" className="cell cell-date">
            Published
          </div>
          <div role="columnheader" className="cell cell-kind">
            Kind
          </div>
        </div>
      </div>
      <div ref={scrollRef} className="grid-scroll" tabIndex={-1} data-testid="library-scroll">
        <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = store.row(item.index);
            const className = item.index === activeIndex ? 'grid-row is-active' : 'grid-row';
            return (
              <div
                key={item.key}
                id={rowId(item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-busy={row ? undefined : true}
                className={className}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => open(item.index)}
              >
                {row ? (
                  <>
                    <div role="gridcell" className="cell cell-title">
                      <span className="title-text" title={row.title}>
                        {row.title}
                      </span>
                      {row.nearDuplicateOf && <NearDuplicateFlag of={row.nearDuplicateOf} />}
                    </div>
                    <div role="gridcell" className="cell cell-date">
                      {dayOf(row.publishedAt)}
                    </div>
                    <div role="gridcell" className="cell cell-kind">
                      {kindLabel(row.kind)}
                    </div>
                  </>
                ) : (
                  <div role="gridcell" className="cell cell-title">
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
