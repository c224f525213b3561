import { useMemo, useSyncExternalStore } from 'react';

/**
 * Where the analyst is, kept in the URL hash so a reload (or the browser's
 * back button in browser mode) returns to the same place.
 */
export type Route =
  | { name: 'library' }
  | { name: 'source'; sourceId: number }
  | { name: 'entities' }
  | { name: 'notes' }
  | { name: 'dossiers' }
  | { name: 'search' };

export type Section = 'library' | 'entities' | 'notes' | 'dossiers' | 'search';

const SECTIONS: readonly Section[] = ['library', 'entities', 'notes', 'dossiers', 'search'];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const [head = '', arg] = parts;
  if (head === 'source' && arg && /^[1-9]\d{0,15}$/.test(arg)) return { name: 'source', sourceId: Number(arg) };
  if ((SECTIONS as readonly string[]).includes(head) && parts.length === 1) return { name: head as Section };
  return { name: 'library' };
}

export function routeHref(route: Route): string {
  return route.name === 'source' ? `#/source/${route.sourceId}` : `#/${route.name}`;
}

/** The sidebar entry a route belongs to: a source is read from the Library. */
export function sectionOf(route: Route): Section {
  return route.name === 'source' ? 'library' : route.name;
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
