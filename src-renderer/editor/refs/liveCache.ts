import { useCallback, useSyncExternalStore } from 'react';
import type { EventName } from '../../../src-main/api/contract';
import { errorMessage } from '../../app/errors';
import { onCoreEvent } from '../../app/events';

export interface LiveEntry<T> {
  /** The last good answer; kept while a refresh runs or after one fails. */
  value: T | undefined;
  error: string | null;
}

const NOTHING: LiveEntry<never> = { value: undefined, error: null };

/**
 * Values read from the core by key (an entity's card, a live evidence block),
 * shared by every block that shows the same key and read again when one of
 * `events` fires while someone shows them. A module-level cache rather than
 * component state, so a node's getTextContent and "Freeze" can read what the
 * block shows.
 */
export class LiveCache<T> {
  private readonly entries = new Map<string, LiveEntry<T>>();
  private readonly listeners = new Map<string, Set<() => void>>();
  /** The newest request per key: a slow answer never replaces a newer one. */
  private readonly latest = new Map<string, number>();
  private calls = 0;
  private stopEvents: (() => void) | null = null;

  constructor(
    private readonly load: (key: string) => Promise<T>,
    private readonly events: readonly EventName[],
  ) {}

  get(key: string): LiveEntry<T> {
    return this.entries.get(key) ?? NOTHING;
  }

  /** Reads the key now, whoever shows it; resolves with the answer (or throws its error). */
  async fetch(key: string): Promise<T> {
    const call = ++this.calls;
    this.latest.set(key, call);
    try {
      const value = await this.load(key);
      if (this.latest.get(key) === call) this.put(key, { value, error: null });
      return value;
    } catch (err) {
      if (this.latest.get(key) === call) this.put(key, { value: this.get(key).value, error: errorMessage(err) });
      throw err;
    }
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
      this.fetch(key).catch(() => undefined);
    }
    set.add(listener);
    this.stopEvents ??= this.listen();
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.listeners.delete(key);
      if (this.listeners.size === 0 && this.stopEvents) {
        this.stopEvents();
        this.stopEvents = null;
      }
    };
  }

  private listen(): () => void {
    const refresh = (): void => {
      for (const key of this.listeners.keys()) this.fetch(key).catch(() => undefined);
    };
    const stops = this.events.map((name) => onCoreEvent(name, refresh));
    return () => stops.forEach((stop) => stop());
  }

  private put(key: string, entry: LiveEntry<T>): void {
    const old = this.entries.get(key);
    // Refreshes mostly find nothing new: then nothing redraws.
    if (old && old.error === entry.error && JSON.stringify(old.value) === JSON.stringify(entry.value)) return;
    this.entries.set(key, entry);
    for (const listener of [...(this.listeners.get(key) ?? [])]) listener();
  }
}

/** What `cache` holds for `key` now, kept up to date while the component shows it. */
export function useLiveEntry<T>(cache: LiveCache<T>, key: string | null): LiveEntry<T> {
  const subscribe = useCallback(
    (listener: () => void) => (key === null ? () => undefined : cache.subscribe(key, listener)),
    [cache, key],
  );
  return useSyncExternalStore(subscribe, () => (key === null ? (NOTHING as LiveEntry<T>) : cache.get(key)));
}
