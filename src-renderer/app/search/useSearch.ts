import { useEffect, useRef, useState } from 'react';
import type { SearchResults } from '../../../src-main/core/search/types';
import { api, type Input } from '../../api/client';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';

export type SearchInput = Input<'search.query'>;

export interface SearchState {
  /** The latest answer, kept while a newer query runs so the list does not flicker. */
  results: SearchResults | null;
  /** What `results` answer. */
  answered: SearchInput | null;
  /** A query is waiting or running for longer than a glance. */
  pending: boolean;
  error: string | null;
}

/** Past this, a running query shows as pending; quicker ones never flash a spinner. */
const PENDING_AFTER_MS = 150;

/**
 * Search as you type. Keystrokes within `delayMs` make one query; one query
 * runs at a time and, while it does, only the newest input waits (older ones
 * are dropped, never sent); an answer to anything but the newest input is
 * ignored. The notebook changing re-runs the current query.
 */
export function useSearch(input: SearchInput | null, delayMs: number): SearchState {
  const [state, setState] = useState<SearchState>({ results: null, answered: null, pending: false, error: null });
  const key = input && input.q.trim() ? JSON.stringify(input) : null;
  const latest = useRef<string | null>(null);
  const running = useRef(false);
  const waiting = useRef<string | null>(null);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    latest.current = key;
    if (key === null) {
      waiting.current = null;
      return;
    }
    const send = (k: string): void => {
      if (running.current) {
        waiting.current = k;
        return;
      }
      running.current = true;
      const slow = setTimeout(() => {
        if (live.current && latest.current === k) setState((s) => ({ ...s, pending: true }));
      }, PENDING_AFTER_MS);
      const request = JSON.parse(k) as SearchInput;
      api['search.query'](request)
        .then(
          (results) => {
            if (live.current && latest.current === k)
              setState({ results, answered: request, pending: false, error: null });
          },
          (e: unknown) => {
            if (live.current && latest.current === k)
              setState((s) => ({ ...s, pending: false, error: errorMessage(e) }));
          },
        )
        .finally(() => {
          clearTimeout(slow);
          running.current = false;
          const next = waiting.current;
          waiting.current = null;
          // Only the newest input is worth an answer.
          if (next !== null && next === latest.current) send(next);
        });
    };
    const timer = setTimeout(() => send(key), delayMs);
    const again = (): void => {
      if (latest.current === key) send(key);
    };
    const stops = [
      onCoreEvent('sources.changed', again),
      onCoreEvent('passages.changed', again),
      onCoreEvent('entities.changed', again),
      onCoreEvent('notes.changed', again),
    ];
    return () => {
      clearTimeout(timer);
      for (const stop of stops) stop();
    };
  }, [key, delayMs]);

  return key === null ? IDLE : state;
}

const IDLE: SearchState = { results: null, answered: null, pending: false, error: null };
