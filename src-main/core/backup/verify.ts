import type { Database } from 'better-sqlite3';
import { basename } from 'node:path';
import { APPLICATION_ID, SCHEMA_VERSION } from '../db/migrate';
import { openSqlite } from '../db/sqlite';
import { CasebookError, type ErrorCode } from '../errors';

const invalid = (file: string, why: string): CasebookError =>
  new CasebookError('backup_invalid', `${basename(file)} is not a usable copy of a notebook: ${why}.`);

/**
 * Opens a copy read-only and checks it through: every page and index
 * (`integrity_check`), that it is a Casebook notebook, and that its schema is
 * one this version can open, recorded migration by migration.
 */
export function verifyCopy(file: string, options: { allowNewer?: boolean } = {}): { schemaVersion: number } {
  let db: Database;
  try {
    db = openSqlite(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw invalid(file, (err as Error).message);
  }
  try {
    const problems = (db.pragma('integrity_check(5)') as Array<{ integrity_check: string }>).map(
      (r) => r.integrity_check,
    );
    if (problems.length !== 1 || problems[0] !== 'ok') throw invalid(file, `integrity check: ${problems.join('; ')}`);
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
      throw invalid(file, 'not a Casebook notebook');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) throw invalid(file, 'it holds no notebook schema');
    if (version > SCHEMA_VERSION && !options.allowNewer)
      throw invalid(
        file,
        `it was written by a newer Casebook (schema ${version}, this one reads up to ${SCHEMA_VERSION})`,
      );
    const recorded = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
    if (recorded.v !== version)
      throw invalid(file, `its schema version (${version}) disagrees with its migrations (${recorded.v ?? 'none'})`);
    return { schemaVersion: version };
  } catch (err) {
    if (err instanceof CasebookError) throw err;
    throw invalid(file, (err as Error).message);
  } finally {
    db.close();
  }
}

/** One check asked of the worker. */
export interface VerifyTask {
  id: number;
  file: string;
  allowNewer: boolean;
}

export type VerifyReply = { id: number } & (
  { ok: true; schemaVersion: number } | { ok: false; code: ErrorCode; message: string }
);
