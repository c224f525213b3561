import { useEffect, useState, type ReactElement } from 'react';
import type { NotePage } from '../../../src-main/core/notes/types';
import { api } from '../../api/client';
import { Icon } from '../../components/Icon';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';
import { dateTimeOf } from '../format';
import { routeHref } from '../route';

const PAGE = 200;

const shownAs = (page: NotePage): string =>
  JSON.stringify([page.total, page.items.map((n) => [n.noteId, n.title, n.excerpt, dateTimeOf(n.updatedAt)])]);

export interface NotesListProps {
  selected: number | null;
  onNew(): void;
}

/** Notes by last edit, or by full-text match while a query is typed; the trash on request. */
export function NotesList({ selected, onNew }: NotesListProps): ReactElement {
  const [query, setQuery] = useState('');
  const [trash, setTrash] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const [page, setPage] = useState<NotePage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    // A burst of saves while typing becomes one reload.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = onCoreEvent('notes.changed', () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, 400);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () => {
        api['notes.list']({ query: query.trim() || undefined, trash, offset: 0, limit }).then(
          (p) => {
            if (!live) return;
            // Saves while typing change this list every second; the view changes only when what it shows does.
            setPage((prev) => (prev && shownAs(prev) === shownAs(p) ? prev : p));
            setError(null);
          },
          (err: unknown) => live && setError(errorMessage(err)),
        );
      },
      query ? 120 : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, trash, limit, version]);

  return (
    <aside className="notes-list" aria-label="Notes">
      <div className="notes-list-head">
        <input
          type="search"
          className="notes-search"
          placeholder={trash ? 'Search the trash' : 'Search notes'}
          aria-label="Search notes"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
        <button type="button" className="button button-primary" onClick={onNew} title="New note">
          <Icon name="plus" size={16} />
          New
        </button>
      </div>
      {error && (
        <p className="notes-list-message" role="alert">
          {error}
        </p>
      )}
      {page && page.items.length === 0 && !error && (
        <p className="notes-list-message">
          {query ? 'No note matches.' : trash ? 'The trash is empty.' : 'No notes yet. Start one with New.'}
        </p>
      )}
      <ul className="notes-items" data-testid="notes-list">
        {page?.items.map((n) => (
          <li key={n.noteId}>
            <a
              className="notes-item"
              href={routeHref({ name: 'notes', noteId: n.noteId })}
              aria-current={n.noteId === selected ? 'page' : undefined}
            >
              <span className="notes-item-title">{n.title || 'Untitled note'}</span>
              <span className="notes-item-meta">{dateTimeOf(n.updatedAt)}</span>
              {n.excerpt && <span className="notes-item-excerpt">{n.excerpt}</span>}
            </a>
          </li>
        ))}
      </ul>
      {page && page.total > page.items.length && (
        <button type="button" className="button button-quiet notes-more" onClick={() => setLimit((l) => l + PAGE)}>
          Show more ({(page.total - page.items.length).toLocaleString()})
        </button>
      )}
      <div className="notes-list-foot">
        <button
          type="button"
          className="button button-quiet button-small"
          aria-pressed={trash}
          onClick={() => {
            setTrash((t) => !t);
            setLimit(PAGE);
          }}
        >
          <Icon name="trash" size={14} />
          {trash ? 'Back to notes' : 'Trash'}
        </button>
      </div>
    </aside>
  );
}
