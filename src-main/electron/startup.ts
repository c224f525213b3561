/** Startup decisions of the Electron main process that need no Electron. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `--notebook FILE` (or `--notebook=FILE`) from the app's own arguments.
 * Chromium switches and anything else are ignored, not errors.
 */
export function notebookFlag(args: readonly string[]): string | undefined {
  const { values } = parseArgs({
    args: [...args],
    options: { notebook: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return typeof values.notebook === 'string' && values.notebook !== '' ? values.notebook : undefined;
}

/**
 * The better-sqlite3 addon built for Electron's ABI, kept apart from the Node
 * build in node_modules/better-sqlite3 (which tests and the CLI load).
 * scripts/start.mjs builds it at this same place.
 */
export function sqliteBindingPath(env: NodeJS.ProcessEnv, appPath: string, electronVersion: string): string {
  return (
    env.CASEBOOK_SQLITE_BINDING ||
    join(appPath, 'node_modules', '.casebook-electron', electronVersion, 'better_sqlite3.node')
  );
}
