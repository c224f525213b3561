import { useEffect, useState, type ReactElement } from 'react';
import type { DossierSummary } from '../../../src-main/core/dossiers/types';
import { api } from '../../api/client';
import { Icon } from '../../components/Icon';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';
import { dateTimeOf } from '../format';
import { routeHref } from '../route';

const shownAs = (items: DossierSummary[]): string =>
  JSON.stringify(items.map((d) => [d.id, d.title, d.subjectName, d.classification, dateTimeOf(d.updatedAt)]));

export interface DossiersListProps {
  selected: number | null;
  onNew(): void;
}

/** Dossiers by last edit, or matching a query; the trash on request. */
export function DossiersList({ selected, onNew }: DossiersListProps): ReactElement {
  const [query, setQuery] = useState('');
  const [trash, setTrash] = useState(false);
  const [items, setItems] = useState<DossierSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    // A burst of saves while typing becomes one reload; a renamed subject shows too.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const bump = (): void => {
      timer ??= setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, 400);
    };
    const stops = [onCoreEvent('dossiers.changed', bump), onCoreEvent('entities.changed', bump)];
    return () => {
      stops.forEach((stop) => stop());
      if (timer) clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () => {
        api['dossiers.list']({ query: query.trim() || undefined, trash }).then(
          (found) => {
            if (!live) return;
            setItems((prev) => (prev && shownAs(prev) === shownAs(found) ? prev : found));
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
  }, [query, trash, version]);

  return (
    <aside className="notes-list dossiers-list" aria-label="Dossiers">
      <div className="notes-list-head">
        <input
          type="search"
          className="notes-search"
          placeholder={trash ? 'Search the trash' : 'Search dossiers'}
          aria-label="Search dossiers"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
        <button type="button" className="button button-primary" onClick={onNew} title="New empty dossier">
          <Icon name="plus" size={16} />
          New
        </button>
      </div>
      {error && (
        <p className="notes-list-message" role="alert">
          {error}
        </p>
      )}
      {items && items.length === 0 && !error && (
        <p className="notes-list-message">
          {query
            ? 'No dossier matches.'
            : trash
              ? 'The trash is empty.'
              : 'No dossiers yet. Start one with New, or with “New dossier” on an entity’s page.'}
        </p>
      )}
      <ul className="notes-items" data-testid="dossiers-list">
        {items?.map((d) => (
          <li key={d.id}>
            <a
              className="notes-item dossiers-item"
              href={routeHref({ name: 'dossiers', dossierId: d.id })}
              aria-current={d.id === selected ? 'page' : undefined}
            >
              <span className="notes-item-title">{d.title}</span>
              {d.subjectName && d.subjectName !== d.title && (
                <span className="dossiers-item-subject">{d.subjectName}</span>
              )}
              <span className="notes-item-meta">
                {d.classification && <span className="dossier-class-pill">{d.classification}</span>}
                {dateTimeOf(d.updatedAt)}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <div className="notes-list-foot">
        <button
          type="button"
          className="button button-quiet button-small"
          aria-pressed={trash}
          onClick={() => setTrash((t) => !t)}
        >
          <Icon name="trash" size={14} />
          {trash ? 'Back to dossiers' : 'Trash'}
        </button>
      </div>
    </aside>
  );
}
