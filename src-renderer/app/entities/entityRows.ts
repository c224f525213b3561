import type { EntityListItem, EntitySort, EntityType } from '../../../src-main/core/entities/types';
import { api } from '../../api/client';
import { errorMessage } from '../errors';

/** Rows per `entities.list` call. */
export const PAGE_SIZE = 200;
/** Pages kept (least recently used go first). */
const MAX_PAGES = 50;
const MAX_IN_FLIGHT = 2;
/** Rows past the visible ones whose page is fetched ahead. */
const PREFETCH_ROWS = 60;

export interface EntityFilter {
  query: string;
  type: EntityType | null;
  sort: EntitySort;
}

export interface RowsSnapshot {
  /** Null until the first page for the current filter has answered. */
  total: number | null;
  version: number;
  error: string | null;
}

interface Page {
  generation: number;
  items: EntityListItem[];
}

/**
 * The entity list's rows for one filter, fetched a page at a time as they
 * scroll into view (the Library's approach). A change in the notebook starts
 * a new generation: the rows on screen stay until fresh ones replace them. A
 * new filter drops them, since they would be the wrong rows.
 */
export class EntityRows {
  private readonly pages = new Map<number, Page>();
  private readonly inFlight = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  private wanted = { first: 0, last: 0 };
  private snapshot: RowsSnapshot = { total: null, version: 0, error: null };
  private filter: EntityFilter = { query: '', type: null, sort: 'name' };
  private started = false;
  /** Where the list was scrolled and which row was active, kept while an entity's page is open. */
  private place = { scrollOffset: 0, activeIndex: 0, returning: false };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): RowsSnapshot => this.snapshot;

  row(index: number): EntityListItem | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.items[index % PAGE_SIZE];
  }

  getFilter(): EntityFilter {
    return this.filter;
  }

  getPlace(): { scrollOffset: number; activeIndex: number; returning: boolean } {
    return { ...this.place };
  }

  rememberScroll(scrollOffset: number): void {
    this.place.scrollOffset = scrollOffset;
  }

  rememberActive(activeIndex: number): void {
    this.place.activeIndex = activeIndex;
  }

  /** Set when an entity is opened from the list, so coming back gives the list the keyboard again. */
  markReturn(returning: boolean): void {
    this.place.returning = returning;
  }

  setFilter(filter: EntityFilter): void {
    const same =
      this.started &&
      filter.query === this.filter.query &&
      filter.type === this.filter.type &&
      filter.sort === this.filter.sort;
    if (same) return;
    this.started = true;
    this.filter = filter;
    this.place = { scrollOffset: 0, activeIndex: 0, returning: false };
    this.pages.clear();
    this.wanted = { first: 0, last: 0 };
    this.generation++;
    this.inFlight.clear();
    this.snapshot = { total: null, version: this.snapshot.version + 1, error: null };
    this.pump();
    this.notify();
  }

  ensureRange(first: number, last: number): void {
    this.wanted = { first, last };
    this.pump();
  }

  refresh(): void {
    if (!this.started) return;
    this.generation++;
    this.inFlight.clear();
    this.pump();
    this.emit({});
  }

  private isFresh(p: number): boolean {
    return this.pages.get(p)?.generation === this.generation || this.inFlight.get(p) === this.generation;
  }

  private pump(): void {
    if (!this.started) return;
    const { first, last } = this.wanted;
    const lastPage = this.snapshot.total === null ? 0 : Math.max(0, Math.ceil(this.snapshot.total / PAGE_SIZE) - 1);
    const visible: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) visible.push(p);
    for (const p of visible) {
      const page = this.pages.get(p);
      if (page) {
        this.pages.delete(p);
        this.pages.set(p, page);
      }
    }
    const ahead = [
      Math.floor((last + PREFETCH_ROWS) / PAGE_SIZE),
      Math.floor(Math.max(0, first - PREFETCH_ROWS) / PAGE_SIZE),
    ];
    for (const p of [...visible, ...ahead]) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) return;
      if (p > lastPage && p > 0) continue;
      if (!this.isFresh(p)) this.fetch(p);
    }
  }

  private fetch(p: number): void {
    const generation = this.generation;
    const { query, type, sort } = this.filter;
    this.inFlight.set(p, generation);
    api['entities.list']({
      ...(query ? { query } : {}),
      ...(type ? { type } : {}),
      sort,
      offset: p * PAGE_SIZE,
      limit: PAGE_SIZE,
    }).then(
      (page) => {
        if (this.inFlight.get(p) === generation) this.inFlight.delete(p);
        if (generation !== this.generation) return;
        this.pages.delete(p);
        this.pages.set(p, { generation, items: page.items });
        for (const old of this.pages.keys()) {
          if (this.pages.size <= MAX_PAGES) break;
          this.pages.delete(old);
        }
        this.emit({ total: page.total, error: null });
        this.pump();
      },
      (err: unknown) => {
        if (this.inFlight.get(p) === generation) this.inFlight.delete(p);
        if (generation !== this.generation) return;
        this.emit({ error: `The entities could not be loaded: ${errorMessage(err)}` });
      },
    );
  }

  private emit(change: Partial<Omit<RowsSnapshot, 'version'>>): void {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
