import { useEffect, useSyncExternalStore } from 'react';
import type {
  EntityRefView,
  NoteRefView,
  PassageRefView,
  RefsResolution,
  SourceRefView,
} from '../../../src-main/core/notes/types';
import { api } from '../../api/client';
import { onCoreEvent } from '../../app/events';

export type RefKind = 'entity' | 'passage' | 'source' | 'note';

interface Views {
  entity: EntityRefView;
  passage: PassageRefView;
  source: SourceRefView;
  note: NoteRefView;
}

const KINDS: readonly RefKind[] = ['entity', 'passage', 'source', 'note'];

/**
 * What mentions, quotes and links show: current names and texts, looked up by
 * the ids the nodes hold. One store for every editor and list, so a note of a
 * thousand mentions asks the core once (ids requested in the same tick are
 * batched), and a rename, merge or delete elsewhere updates every chip.
 */
class RefsStore {
  private readonly views: { [K in RefKind]: Map<number, Views[K]> } = {
    entity: new Map(),
    passage: new Map(),
    source: new Map(),
    note: new Map(),
  };
  private readonly wanted: { [K in RefKind]: Set<number> } = {
    entity: new Set(),
    passage: new Set(),
    source: new Set(),
    note: new Set(),
  };
  private readonly listeners = new Set<() => void>();
  private scheduled = false;
  private stopEvents: (() => void) | null = null;

  get<K extends RefKind>(kind: K, id: number): Views[K] | undefined {
    return this.views[kind].get(id) as Views[K] | undefined;
  }

  /** Asks for ids not known yet; the answer arrives with the next batch. */
  request(kind: RefKind, id: number): void {
    if (this.views[kind].has(id) || this.wanted[kind].has(id)) return;
    this.wanted[kind].add(id);
    this.schedule();
  }

  /** Looks everything of these kinds up again (something changed in the core). */
  refresh(...kinds: RefKind[]): void {
    for (const kind of kinds) for (const id of this.views[kind].keys()) this.wanted[kind].add(id);
    this.schedule();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.stopEvents) {
      this.stopEvents = this.listen();
      // Changes while nothing listened went unheard: what is cached is shown, and looked up again.
      this.refresh(...KINDS);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.stopEvents) {
        this.stopEvents();
        this.stopEvents = null;
      }
    };
  };

  private listen(): () => void {
    const stops = [
      onCoreEvent('entities.changed', () => this.refresh('entity')),
      onCoreEvent('passages.changed', () => this.refresh('passage')),
      onCoreEvent('sources.changed', () => this.refresh('source', 'passage')),
      onCoreEvent('notes.changed', () => this.refresh('note')),
    ];
    return () => stops.forEach((stop) => stop());
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.fetch();
    });
  }

  private async fetch(): Promise<void> {
    const ids = {
      entityIds: [...this.wanted.entity],
      passageIds: [...this.wanted.passage],
      sourceIds: [...this.wanted.source],
      noteIds: [...this.wanted.note],
    };
    for (const kind of KINDS) this.wanted[kind].clear();
    let result: RefsResolution;
    try {
      result = await api['notes.resolve'](ids);
    } catch {
      // Shown as loading until the next change asks again; the note itself is unaffected.
      return;
    }
    let changed = false;
    const put = <K extends RefKind>(kind: K, id: number, view: Views[K]): void => {
      const map = this.views[kind] as Map<number, Views[K]>;
      const old = map.get(id);
      // Refreshes after every save mostly find nothing new: then nothing redraws.
      if (old && JSON.stringify(old) === JSON.stringify(view)) return;
      map.set(id, view);
      changed = true;
    };
    for (const v of result.entities) put('entity', v.entityId, v);
    for (const v of result.passages) put('passage', v.passageId, v);
    for (const v of result.sources) put('source', v.sourceId, v);
    for (const v of result.notes) put('note', v.noteId, v);
    if (changed) for (const listener of [...this.listeners]) listener();
  }
}

export const refsStore = new RefsStore();

/** The current view of one cited thing; undefined while it loads. */
export function useCited<K extends RefKind>(kind: K, id: number): Views[K] | undefined {
  useEffect(() => refsStore.request(kind, id), [kind, id]);
  return useSyncExternalStore(refsStore.subscribe, () => refsStore.get(kind, id));
}
