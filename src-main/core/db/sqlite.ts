import BetterSqlite3, { type Database, type Options } from 'better-sqlite3';

/*
 * The Electron app loads a better-sqlite3 addon built for Electron's ABI (see
 * electron/startup.ts); Node (the CLI, tests) loads the default one. The path
 * comes with the first notebook opened, and every other connection the
 * process makes (backups, their checks, restores, in worker threads too)
 * must use the same addon.
 */
let binding: string | undefined;

export function setNativeBinding(path: string | undefined): void {
  if (path) binding = path;
}

export const nativeBinding = (): string | undefined => binding;

export function openSqlite(file: string, options: Options = {}): Database {
  return new BetterSqlite3(file, binding ? { ...options, nativeBinding: binding } : options);
}
