/**
 * File → Open Recent: the last notebooks opened, newest first, kept as JSON in
 * Electron's userData folder. Files that no longer exist are not offered.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const MAX_RECENT = 10;

interface RecentFile {
  version: 1;
  notebooks: string[];
}

/** `file` moved to the front, without duplicates, at most `max` entries. */
export function withRecent(list: readonly string[], file: string, max = MAX_RECENT): string[] {
  const path = resolve(file);
  return [path, ...list.filter((p) => p !== path)].slice(0, max);
}

/** A stored list, tolerating anything a damaged or foreign file may hold. */
export function parseRecent(text: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const notebooks = (data as Partial<RecentFile> | null)?.notebooks;
  if (!Array.isArray(notebooks)) return [];
  const seen = new Set<string>();
  for (const entry of notebooks) {
    if (typeof entry === 'string' && entry.length > 0 && entry.length <= 4096) seen.add(resolve(entry));
  }
  return [...seen].slice(0, MAX_RECENT);
}

export interface RecentNotebooks {
  /** The recent notebooks that still exist, newest first. */
  list(): string[];
  add(file: string): void;
  remove(file: string): void;
  clear(): void;
}

export function recentNotebooks(storeFile: string, exists: (path: string) => boolean = existsSync): RecentNotebooks {
  const read = (): string[] => {
    try {
      return parseRecent(readFileSync(storeFile, 'utf8'));
    } catch {
      return [];
    }
  };
  const write = (notebooks: string[]): void => {
    const data: RecentFile = { version: 1, notebooks };
    mkdirSync(dirname(storeFile), { recursive: true });
    // Write then rename: a crash mid-write must not lose the list.
    const tmp = `${storeFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
    renameSync(tmp, storeFile);
  };
  return {
    list: () => read().filter((p) => exists(p)),
    add: (file) => write(withRecent(read(), file)),
    remove: (file) => write(read().filter((p) => p !== resolve(file))),
    clear: () => write([]),
  };
}
