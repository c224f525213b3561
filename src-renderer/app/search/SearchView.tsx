import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { SearchHit, SearchKind, SearchResults } from '../../../src-main/core/search/types';
import type { SourceKind } from '../../../src-main/core/sources/types';
import { api } from '../../api/client';
import { errorMessage } from '../errors';
import { kindLabel } from '../format';
import { routeHref } from '../route';
import { EntityFilter, type EntityRef } from './EntityFilter';
import { HitBody, hitKey, hitRoute, KIND_LABELS } from './hits';
import { useSearch, type SearchInput } from './useSearch';

const KINDS: readonly SearchKind[] = ['source', 'passage', 'note', 'entity'];
const SOURCE_KINDS: readonly SourceKind[] = ['txt', 'md', 'html', 'pdf', 'docx'];
const PAGE = 50;
const VIEW_DELAY_MS = 140;

/** The query stays in the address (`#/search/…`) without a history entry per keystroke. */
function keepInAddress(q: string): void {
  // Exactly as typed: the view reads the address back, and a trimmed copy would eat the space just typed.
  const href = routeHref({ name: 'search', q: q || undefined });
  if (window.location.hash !== href) window.history.replaceState(null, '', href);
}

/**
 * Search with filters: kind, entity, source type, date range. Results come
 * as the query is typed, best first; more load on request.
 */
export function SearchView({ initialQuery }: { initialQuery: string }): ReactElement {
  const [q, setQ] = useState(initialQuery);
  const [kind, setKind] = useState<SearchKind | null>(null);
  const [sourceKind, setSourceKind] = useState<SourceKind | ''>('');
  const [entity, setEntity] = useState<EntityRef | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  // The palette's "all results" while this view is open brings a new query.
  const [given, setGiven] = useState(initialQuery);
  if (given !== initialQuery) {
    setGiven(initialQuery);
    setQ(initialQuery);
  }
  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => keepInAddress(q), [q]);

  const datesBackwards = Boolean(from && to && from > to);
  const input = useMemo((): SearchInput | null => {
    if (!q.trim() || datesBackwards) return null;
    return {
      q,
      limit: PAGE,
      ...(kind ? { kinds: [kind] } : {}),
      ...(sourceKind ? { sourceKinds: [sourceKind] } : {}),
      ...(entity ? { entityId: entity.entityId } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    };
  }, [q, kind, sourceKind, entity, from, to, datesBackwards]);
  const { results, answered, pending, error } = useSearch(input, VIEW_DELAY_MS);
  const showing = input && results ? results : null;

  const filtered = Boolean(kind || sourceKind || entity || from || to);
  const clearFilters = (): void => {
    setKind(null);
    setSourceKind('');
    setEntity(null);
    setFrom('');
    setTo('');
  };

  return (
    <div className="view search-view" data-testid="search-view">
      <header className="view-header search-header">
        <h1 className="view-title">Search</h1>
        <input
          ref={inputRef}
          className="form-input search-input"
          type="search"
          aria-label="Search the notebook"
          placeholder='Words, "a phrase", prefix*, this OR that, -not'
          value={q}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setQ(e.currentTarget.value)}
        />
      </header>
      <div className="search-filters" role="group" aria-label="Filters">
        <div className="search-kinds" role="radiogroup" aria-label="Kind of result">
          <KindChip label="All" count={null} checked={kind === null} onPick={() => setKind(null)} />
          {KINDS.map((k) => (
            <KindChip
              key={k}
              label={KIND_LABELS[k].many}
              count={showing ? showing.counts[k] : null}
              checked={kind === k}
              onPick={() => setKind(k)}
            />
          ))}
        </div>
        <label className="search-filter">
          <span>Source type</span>
          <select
            className="form-input search-filter-input"
            value={sourceKind}
            onChange={(e) => setSourceKind(e.currentTarget.value as SourceKind | '')}
          >
            <option value="">Any</option>
            {SOURCE_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <div className="search-filter">
          <span>Entity</span>
          <EntityFilter value={entity} onChange={setEntity} />
        </div>
        <label className="search-filter">
          <span>From</span>
          <input
            className="form-input search-filter-input"
            type="date"
            value={from}
            aria-invalid={datesBackwards || undefined}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
        </label>
        <label className="search-filter">
          <span>To</span>
          <input
            className="form-input search-filter-input"
            type="date"
            value={to}
            aria-invalid={datesBackwards || undefined}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
        </label>
        {filtered && (
          <button type="button" className="button button-quiet button-small" onClick={clearFilters}>
            Clear filters
          </button>
        )}
      </div>
      <div className="search-body" aria-busy={pending}>
        {datesBackwards && <p className="search-error">The date range ends before it starts.</p>}
        {error && <p className="search-error">{error}</p>}
        {!q.trim() && <SearchHelp />}
        {showing && answered && <ResultList key={JSON.stringify(answered)} first={showing} request={answered} />}
      </div>
    </div>
  );
}

function KindChip({
  label,
  count,
  checked,
  onPick,
}: {
  label: string;
  count: { count: number; more: boolean } | null;
  checked: boolean;
  onPick(): void;
}): ReactElement {
  return (
    <button type="button" role="radio" aria-checked={checked} className="search-chip" onClick={onPick}>
      {label}
      {count && (
        <span className="search-chip-count">
          {count.count.toLocaleString()}
          {count.more ? '+' : ''}
        </span>
      )}
    </button>
  );
}

/** The first page as it came, then pages the analyst asks for, appended. */
function ResultList({ first, request }: { first: SearchResults; request: SearchInput }): ReactElement {
  const [more, setMore] = useState<SearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const hits = [...first.hits, ...more];
  const canLoadMore = hits.length < first.total && hits.length >= PAGE;

  const loadMore = (): void => {
    setLoading(true);
    api['search.query']({ ...request, offset: hits.length, limit: PAGE }).then(
      (page) => {
        setMore((m) => [...m, ...page.hits]);
        setLoading(false);
      },
      (e: unknown) => {
        setLoadError(errorMessage(e));
        setLoading(false);
      },
    );
  };

  return (
    <>
      <p className="search-status" data-testid="search-status" aria-live="polite">
        {first.total === 0
          ? 'No results.'
          : `${first.total.toLocaleString()}${first.more ? '+' : ''} ${first.total === 1 ? 'result' : 'results'}`}
        {first.rankedWindow !== null &&
          ` · so many sources match that the best of the newest ${first.rankedWindow.toLocaleString()} come first; add a word to narrow`}
      </p>
      {first.hints.map((h) => (
        <p key={h} className="search-hint">
          {h}
        </p>
      ))}
      <ol className="search-results" data-testid="search-results">
        {hits.map((hit) => (
          <li key={hitKey(hit)}>
            <a className="search-hit" href={routeHref(hitRoute(hit))}>
              <HitBody hit={hit} />
            </a>
          </li>
        ))}
      </ol>
      {loadError && <p className="search-error">{loadError}</p>}
      {canLoadMore && (
        <button type="button" className="button search-more" disabled={loading} onClick={loadMore}>
          {loading ? 'Loading…' : 'Show more'}
        </button>
      )}
    </>
  );
}

function SearchHelp(): ReactElement {
  return (
    <div className="search-help">
      <p>Search every source, passage, note and entity at once, in any language.</p>
      <dl>
        <dt>
          <code>lavrov islamabad</code>
        </dt>
        <dd>every word must match</dd>
        <dt>
          <code>"natural allies"</code>
        </dt>
        <dd>the exact phrase</dd>
        <dt>
          <code>negotiat*</code>
        </dt>
        <dd>words starting with…</dd>
        <dt>
          <code>trade OR energy</code>
        </dt>
        <dd>either one</dd>
        <dt>
          <code>-india</code>
        </dt>
        <dd>leave out what has this word</dd>
      </dl>
      <p>
        Press <kbd>Ctrl</kbd>+<kbd>K</kbd> (<kbd>⌘</kbd>+<kbd>K</kbd> on a Mac) anywhere to search without leaving what
        you are reading.
      </p>
    </div>
  );
}
