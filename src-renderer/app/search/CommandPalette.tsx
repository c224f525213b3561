import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { SearchHit } from '../../../src-main/core/search/types';
import { Icon } from '../../components/Icon';
import { navigate, routeHref } from '../route';
import { HitBody, hitKey, hitRoute } from './hits';
import { useSearch } from './useSearch';

/** Results shown in the palette; the Search view has the rest, with filters. */
const PALETTE_LIMIT = 8;
/** Quick enough to follow typing, long enough that a burst of keys makes one query. */
const PALETTE_DELAY_MS = 90;

const isToggle = (e: globalThis.KeyboardEvent): boolean =>
  (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';

/**
 * Ctrl/Cmd+K from anywhere: search as you type, arrow to a result, Enter to
 * land on it. Mounted once by the app; owns its shortcut and its open state.
 */
export function CommandPalette(): ReactElement | null {
  const [open, setOpen] = useState(false);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (!isToggle(e)) return;
      e.preventDefault();
      setOpen((was) => {
        if (!was) returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        return !was;
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const close = useCallback((restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) returnFocus.current?.focus();
    returnFocus.current = null;
  }, []);

  if (!open) return null;
  return <Palette onClose={close} />;
}

function Palette({ onClose }: { onClose(restoreFocus: boolean): void }): ReactElement {
  const [q, setQ] = useState('');
  // The highlighted hit, for the list it was chosen in: a new list starts at its best hit.
  const [chosen, setChosen] = useState<{ list: unknown; index: number }>({ list: null, index: 0 });
  const input = useMemo(() => ({ q, asYouType: true, limit: PALETTE_LIMIT }), [q]);
  const { results, pending, error } = useSearch(q.trim() ? input : null, PALETTE_DELAY_MS);
  const hits = useMemo(() => (q.trim() ? (results?.hits ?? []) : []), [q, results]);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);
  const active = chosen.list === hits ? chosen.index : 0;
  const setActive = (index: number): void => setChosen({ list: hits, index });

  const open = (hit: SearchHit): void => {
    onClose(false);
    navigate(hitRoute(hit));
  };
  const openAll = (): void => {
    onClose(false);
    navigate({ name: 'search', q: q.trim() });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (hits.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + hits.length) % hits.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (e.altKey || hits.length === 0) {
        if (q.trim()) openAll();
      } else open(hits[Math.min(active, hits.length - 1)]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose(true);
    }
  };

  const total = results ? `${results.total.toLocaleString()}${results.more ? '+' : ''}` : '';
  return (
    <div className="palette-backdrop" onMouseDown={() => onClose(true)}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Search the notebook"
        data-testid="palette"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <div className="palette-input-row">
          <Icon name="search" />
          <input
            ref={inputRef}
            className="palette-input"
            type="search"
            role="combobox"
            aria-expanded={hits.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={hits.length > 0 ? `${listId}-${active}` : undefined}
            aria-label="Search sources, passages, notes and entities"
            placeholder="Search sources, passages, notes, entities…"
            value={q}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setQ(e.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
          {pending && <span className="search-pending" aria-label="Searching" />}
        </div>
        {q.trim() && (
          <>
            <ul className="palette-results" id={listId} role="listbox" aria-label="Results">
              {hits.map((hit, i) => (
                <li
                  key={hitKey(hit)}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className="palette-hit"
                  onMouseMove={() => setActive(i)}
                  onClick={() => open(hit)}
                >
                  <HitBody hit={hit} />
                </li>
              ))}
            </ul>
            {error && <p className="search-error">{error}</p>}
            {results && hits.length === 0 && !pending && <p className="palette-empty">No results.</p>}
            {results?.hints.map((h) => (
              <p key={h} className="search-hint">
                {h}
              </p>
            ))}
          </>
        )}
        <footer className="palette-footer">
          <span>
            <kbd>↑</kbd>
            <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
          </span>
          {q.trim() && (
            <a
              className="palette-all"
              href={routeHref({ name: 'search', q: q.trim() })}
              onClick={(e) => {
                e.preventDefault();
                openAll();
              }}
            >
              All {total} results, with filters <kbd>Alt</kbd>+<kbd>Enter</kbd>
            </a>
          )}
        </footer>
      </div>
    </div>
  );
}
