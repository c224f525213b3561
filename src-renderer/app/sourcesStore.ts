import type { SourceSummary } from '../../src-main/core/sources/types';
import { api } from '../api/client';
import { errorMessage } from './errors';

/** Rows per `sources.list` call. */
export const PAGE_SIZE = 200;
/** Pages kept in memory (least recently used go first): 20,000 rows. */
const MAX_PAGES = 100;
/** Calls at once: while a fling outruns them, pages scrolled past are never asked for. */
const MAX_IN_FLIGHT = 2;
/** Rows beyond the visible ones whose page is fetched ahead, so a steady scroll meets loaded rows. */
const PREFETCH_ROWS = 60;

export interface LibrarySnapshot {
  /** Null until the first page has answered. */
  total: number | null;
  /** Changes whenever rows arrive or the notebook changes, so views re-render. */
  version: number;
  error: string | null;
}

interface Page {
  generation: number;
  items: SourceSummary[];
}

/**
 * The Library's rows, fetched lazily a page at a time and cached by page.
 * Only the pages a view shows (and the next one it is about to show) are
 * fetched, so a notebook of 100,000 sources costs a few hundred rows of
 * memory and a few small calls.
 *
 * A change in the notebook starts a new generation: cached pages stay on
 * screen until their fresh copies arrive, so a refresh never flashes blank.
 */
export class SourcesStore {
  private readonly pages = new Map<number, Page>();
  /** Page → generation of the call fetching it. */
  private readonly inFlight = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  private wanted = { first: 0, last: 0 };
  private snapshot: LibrarySnapshot = { total: null, version: 0, error: null };
  /** Where the Library was scrolled and which row was active, kept while the reader is open. */
  private place = { scrollOffset: 0, activeIndex: 0, returning: false };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): LibrarySnapshot => this.snapshot;

  /** The row at `index` (0 = newest), or undefined while its page is loading. */
  row(index: number): SourceSummary | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.items[index % PAGE_SIZE];
  }

  /** Loads the first page (and with it the total) if nothing has been asked for yet. */
  start(): void {
    if (this.snapshot.total === null && this.inFlight.size === 0) this.pump();
  }

  /** The rows `first..last` are on screen: fetch their pages (and the next ones) unless fresh. */
  ensureRange(first: number, last: number): void {
    this.wanted = { first, last };
    this.pump();
  }

  /** The notebook changed: refetch what is shown, keeping the stale rows until then. */
  refresh(): void {
    this.generation++;
    this.inFlight.clear();
    this.pump();
    this.emit({});
  }

  rememberScroll(scrollOffset: number): void {
    this.place.scrollOffset = scrollOffset;
  }

  rememberActive(activeIndex: number): void {
    this.place.activeIndex = activeIndex;
  }

  /** Set when the reader is opened from the row list, so coming back gives the list focus again. */
  markReturn(returning: boolean): void {
    this.place.returning = returning;
  }

  getPlace(): { scrollOffset: number; activeIndex: number; returning: boolean } {
    return { ...this.place };
  }

  private isFresh(p: number): boolean {
    return this.pages.get(p)?.generation === this.generation || this.inFlight.get(p) === this.generation;
  }

  /** Starts calls for the wanted pages, visible ones first, within the in-flight limit. */
  private pump(): void {
    const { first, last } = this.wanted;
    const lastPage = this.snapshot.total === null ? 0 : Math.max(0, Math.ceil(this.snapshot.total / PAGE_SIZE) - 1);
    const visible: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) visible.push(p);
    const ahead = [
      Math.floor((last + PREFETCH_ROWS) / PAGE_SIZE),
      Math.floor(Math.max(0, first - PREFETCH_ROWS) / PAGE_SIZE),
    ];
    for (const p of visible) {
      // Most recently used last, so eviction takes pages scrolled past long ago.
      const page = this.pages.get(p);
      if (page) {
        this.pages.delete(p);
        this.pages.set(p, page);
      }
    }
    for (const p of [...visible, ...ahead]) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) return;
      if (p > lastPage && p > 0) continue;
      if (!this.isFresh(p)) this.fetch(p);
    }
  }

  private fetch(p: number): void {
    const generation = this.generation;
    this.inFlight.set(p, generation);
    api['sources.list']({ offset: p * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (page) => {
        if (this.inFlight.get(p) === generation) this.inFlight.delete(p);
        if (generation === this.generation) {
          this.pages.delete(p);
          this.pages.set(p, { generation, items: page.items });
          this.evict();
          this.emit({ total: page.total, error: null });
        }
        this.pump();
      },
      (err: unknown) => {
        if (this.inFlight.get(p) === generation) this.inFlight.delete(p);
        if (generation !== this.generation) return;
        // No pump here: a failing server is not asked again until a refresh or a scroll.
        this.emit({ error: `The Library could not be loaded: ${errorMessage(err)}` });
      },
    );
  }

  private evict(): void {
    for (const p of this.pages.keys()) {
      if (this.pages.size <= MAX_PAGES) break;
      this.pages.delete(p);
    }
  }

  private emit(change: Partial<Omit<LibrarySnapshot, 'version'>>): void {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener();
  }
}
