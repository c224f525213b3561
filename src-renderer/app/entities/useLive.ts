import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName } from '../../../src-main/api/contract';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';

export interface Live<T> {
  /** null until the first answer; the last good answer while a reload runs or after it fails. */
  value: T | null;
  error: string | null;
  reload(): void;
}

/**
 * A value read from the core, read again whenever one of `events` fires (this
 * window, another window, the CLI) or `key` changes. Only the newest answer is
 * kept, so a slow reply cannot put back an older value.
 */
export function useLive<T>(load: () => Promise<T>, key: string, events: readonly EventName[], what: string): Live<T> {
  const [state, setState] = useState<{ key: string; value: T | null; error: string | null }>({
    key,
    value: null,
    error: null,
  });
  const latest = useRef(0);
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });

  const reload = useCallback(() => {
    const call = ++latest.current;
    loader.current().then(
      (value) => call === latest.current && setState({ key, value, error: null }),
      (err: unknown) =>
        call === latest.current &&
        setState((s) => ({ key, value: s.key === key ? s.value : null, error: `${what}: ${errorMessage(err)}` })),
    );
  }, [key, what]);

  const eventList = events.join(' ');
  useEffect(() => {
    reload();
    const stops = eventList.split(' ').map((name) => onCoreEvent(name as EventName, reload));
    return () => stops.forEach((stop) => stop());
  }, [reload, eventList]);

  // A value read for another key is never shown as this key's.
  const current = state.key === key ? state : { value: null, error: null };
  return { value: current.value, error: current.error, reload };
}
