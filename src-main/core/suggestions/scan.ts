import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import { CasebookError } from '../errors';
import { loadNer } from './ner';
import { allSourceIds, knownNames, namesOf, scanSource, sourcesMentioning } from './repository';

/** Work between two turns of the event loop: short enough that the app stays responsive. */
const SLICE_MS = 25;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface ScanScope {
  sourceId?: number;
  entityId?: number;
}

/**
 * On demand: one source (known names and NER), one entity across the library
 * ("find unlinked mentions": only the sources the full-text index says may
 * mention it), or the whole notebook. Long scans yield to the event loop
 * between sources. Returns how many suggestions are new, and where.
 */
export async function scan(db: Database, scope: ScanScope): Promise<{ found: number; sourceIds: number[] }> {
  let ids: number[];
  if (scope.entityId !== undefined) {
    const names = namesOf(db, scope.entityId);
    ids = scope.sourceId !== undefined ? [scope.sourceId] : sourcesMentioning(db, names);
  } else ids = scope.sourceId !== undefined ? [scope.sourceId] : allSourceIds(db);
  if (scope.sourceId !== undefined) {
    const exists = stmt(db, 'SELECT 1 FROM sources WHERE id = ?').get(scope.sourceId);
    if (!exists) throw new CasebookError('not_found', `There is no source ${scope.sourceId} in this notebook.`);
  }
  const ner = scope.entityId === undefined ? await loadNer() : null;
  let found = 0;
  const changed: number[] = [];
  let sliceStart = performance.now();
  for (const id of ids) {
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
      if (!db.open) break;
    }
    let added: number;
    try {
      added = scanSource(db, id, { names: knownNames(db), ner, entityId: scope.entityId });
    } catch (err) {
      // A source deleted while the scan was under way has nothing to suggest.
      if (err instanceof CasebookError && err.code === 'not_found' && ids.length > 1) continue;
      throw err;
    }
    found += added;
    if (added > 0) changed.push(id);
  }
  return { found, sourceIds: changed };
}

interface Queue {
  ids: number[];
  running: boolean;
  idle: Array<() => void>;
}
const queues = new WeakMap<Database, Queue>();

/**
 * After an import: scans the new sources in the background, a slice at a
 * time, and reports each source that got suggestions. Stops quietly when the
 * notebook is closed; a failure is logged, never thrown at an import that
 * already succeeded.
 */
export function scanInBackground(
  db: Database,
  sourceIds: readonly number[],
  onChanged: (sourceId: number) => void,
): void {
  if (sourceIds.length === 0) return;
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { ids: [], running: false, idle: [] }));
  queue.ids.push(...sourceIds);
  if (queue.running) return;
  queue.running = true;
  const q = queue;
  void (async () => {
    try {
      const ner = await loadNer();
      let sliceStart = performance.now();
      while (q.ids.length > 0) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await nextTurn();
          sliceStart = performance.now();
        }
        if (!db.open) return;
        const id = q.ids.shift()!;
        try {
          if (scanSource(db, id, { names: knownNames(db), ner }) > 0) onChanged(id);
        } catch (err) {
          if (!(err instanceof CasebookError && err.code === 'not_found')) throw err;
        }
      }
    } catch (err) {
      if (db.open) console.error('Casebook: scanning new sources for suggestions failed:', err);
    } finally {
      q.running = false;
      q.ids.length = 0;
      for (const resolve of q.idle.splice(0)) resolve();
    }
  })();
}

/** Resolves once the background scan of this notebook has nothing left to do (tests, the CLI). */
export function backgroundIdle(db: Database): Promise<void> {
  const queue = queues.get(db);
  if (!queue?.running) return Promise.resolve();
  return new Promise((resolve) => queue.idle.push(resolve));
}
