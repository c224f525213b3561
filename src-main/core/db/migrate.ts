import type { Database } from 'better-sqlite3';
import { CasebookError } from '../errors';
import { migration0001 } from './migrations/0001-initial';
import { migration0002 } from './migrations/0002-import-reports';
import { migration0003 } from './migrations/0003-suggestions';
import { migration0004 } from './migrations/0004-entity-counts';
import { migration0005 } from './migrations/0005-search';
import { migration0006 } from './migrations/0006-notes';
import { migration0007 } from './migrations/0007-dossiers';
import { migration0008 } from './migrations/0008-search-flags';
import { migration0009 } from './migrations/0009-minhash-bands';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL alone cannot do, run after `sql` in the same transaction. */
  run?: (db: Database) => void;
}

/** Every migration, in order. Append only: a shipped migration never changes. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** 'CBK1': marks a SQLite file as a Casebook notebook (`PRAGMA application_id`). */
export const APPLICATION_ID = 0x43424b31;

export function tooNewMessage(file: string, version: number): string {
  return (
    `${file} was written by a newer version of Casebook (notebook schema ${version}, ` +
    `this version understands up to ${SCHEMA_VERSION}). Update Casebook to open it; the file was not changed.`
  );
}

/**
 * Applies the migrations the file lacks, each in its own transaction with its
 * record, so a crash leaves the file at a whole version.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new CasebookError('notebook_too_new', tooNewMessage(file, current));
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      if (m.version === 1) {
        db.exec(`CREATE TABLE schema_migrations (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
        db.pragma(`application_id = ${APPLICATION_ID}`);
      }
      db.exec(m.sql);
      m.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
