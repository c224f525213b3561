import { useMemo, useSyncExternalStore } from 'react';

/**
 * Where the analyst is, kept in the URL hash so a reload (or the browser's
 * back button in browser mode) returns to the same place.
 */
export type Route =
  | { name: 'library' }
  | { name: 'source'; sourceId: number; passageId?: number; at?: TextSpan }
  | { name: 'entities'; tab?: EntitiesTab }
  | { name: 'entity'; entityId: number }
  | { name: 'notes'; noteId?: number }
  | { name: 'dossiers'; dossierId?: number }
  | { name: 'search'; q?: string };

/** A span of a source's text, as offsets: where a search hit is (`#/source/1/at/120-131`). */
export interface TextSpan {
  start: number;
  end: number;
}

export type Section = 'library' | 'entities' | 'notes' | 'dossiers' | 'search';

/** The Entities section's tabs: the list, the notebook-wide suggestions inbox, passages to re-anchor, the trash. */
export const ENTITIES_TABS = ['list', 'suggestions', 'orphans', 'trash'] as const;
export type EntitiesTab = (typeof ENTITIES_TABS)[number];

const SECTIONS: readonly Section[] = ['library', 'entities', 'notes', 'dossiers', 'search'];

const isId = (s: string | undefined): s is string => s !== undefined && /^[1-9]\d{0,15}$/.test(s);

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const [head = '', arg, sub, subArg] = parts;
  if (head === 'source' && isId(arg)) {
    if (parts.length === 4 && sub === 'passage' && isId(subArg))
      return { name: 'source', sourceId: Number(arg), passageId: Number(subArg) };
    if (parts.length === 2) return { name: 'source', sourceId: Number(arg) };
    const span = parts.length === 4 && sub === 'at' ? /^(\d{1,15})-(\d{1,15})$/.exec(subArg ?? '') : null;
    if (span && Number(span[1]) <= Number(span[2]))
      return { name: 'source', sourceId: Number(arg), at: { start: Number(span[1]), end: Number(span[2]) } };
  }
  if (head === 'entity' && isId(arg) && parts.length === 2) return { name: 'entity', entityId: Number(arg) };
  if (head === 'notes' && isId(arg) && parts.length === 2) return { name: 'notes', noteId: Number(arg) };
  if (head === 'dossiers' && isId(arg) && parts.length === 2) return { name: 'dossiers', dossierId: Number(arg) };
  if (head === 'entities' && parts.length === 2 && (ENTITIES_TABS as readonly string[]).includes(arg ?? ''))
    return { name: 'entities', tab: arg as EntitiesTab };
  if (head === 'search' && parts.length >= 2) {
    try {
      return { name: 'search', q: decodeURIComponent(parts.slice(1).join('/')) };
    } catch {
      return { name: 'search' };
    }
  }
  if ((SECTIONS as readonly string[]).includes(head) && parts.length === 1) return { name: head as Section };
  return { name: 'library' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'source':
      if (route.passageId) return `#/source/${route.sourceId}/passage/${route.passageId}`;
      if (route.at) return `#/source/${route.sourceId}/at/${route.at.start}-${route.at.end}`;
      return `#/source/${route.sourceId}`;
    case 'entity':
      return `#/entity/${route.entityId}`;
    case 'notes':
      return route.noteId ? `#/notes/${route.noteId}` : '#/notes';
    case 'dossiers':
      return route.dossierId ? `#/dossiers/${route.dossierId}` : '#/dossiers';
    case 'entities':
      return route.tab && route.tab !== 'list' ? `#/entities/${route.tab}` : '#/entities';
    case 'search':
      return route.q ? `#/search/${encodeURIComponent(route.q)}` : '#/search';
    default:
      return `#/${route.name}`;
  }
}

/** The sidebar entry a route belongs to: a source is read from the Library, an entity from Entities. */
export function sectionOf(route: Route): Section {
  if (route.name === 'source') return 'library';
  if (route.name === 'entity') return 'entities';
  return route.name;
}

export function navigate(route: Route): void {
  const href = routeHref(route);
  if (window.location.hash !== href) window.location.hash = href;
}

function subscribeHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = (): string => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeHash, currentHash);
  return useMemo(() => parseRoute(hash), [hash]);
}
