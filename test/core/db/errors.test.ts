import BetterSqlite3 from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toErrorInfo } from '../../../src-main/core/errors';
import { useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected SQLite to refuse');
}

describe('SQLite failures, as the analyst reads them', () => {
  it('names a read-only notebook, a busy one and a damaged one; anything else stays internal', () => {
    const dir = tempDir();
    const file = join(dir, 'n.db');
    const setup = new BetterSqlite3(file);
    setup.exec('CREATE TABLE t (x)');
    setup.close();

    const ro = new BetterSqlite3(file, { readonly: true });
    expect(toErrorInfo(thrown(() => ro.prepare('INSERT INTO t VALUES (1)').run()))).toEqual({
      code: 'notebook_read_only',
      message: expect.stringMatching(/cannot be written to .*the change was not saved/),
    });
    ro.close();

    const holder = new BetterSqlite3(file);
    holder.exec('BEGIN EXCLUSIVE');
    const other = new BetterSqlite3(file, { timeout: 0 });
    expect(toErrorInfo(thrown(() => other.prepare('INSERT INTO t VALUES (1)').run())).code).toBe('notebook_locked');
    holder.exec('ROLLBACK');
    holder.close();
    other.close();

    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 7));
    const bad = new BetterSqlite3(garbage);
    expect(toErrorInfo(thrown(() => bad.prepare('SELECT * FROM sqlite_schema').all()))).toEqual({
      code: 'notebook_damaged',
      message: expect.stringMatching(/damaged.*Restore it from one of its backups/),
    });
    bad.close();

    expect(toErrorInfo(new TypeError('boom'))).toEqual({ code: 'internal', message: 'Internal error: boom' });
  });
});
