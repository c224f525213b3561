import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/core/db/migrate';
import { openNotebook } from '../../../src-main/core/db/notebook';
import { search } from '../../../src-main/core/search/search';
import { fixtureFile, SOURCES } from '../../fixtures/notebooks/make';
import { useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();

/**
 * Tables whose rows a migration rewrites on purpose (derived data): compared
 * by their own checks below, not row for row.
 */
const DERIVED = new Set(['schema_migrations', 'source_minhash_bands', 'entity_names_version']);

type Rows = Record<string, unknown>[];

/** Every ordinary table of a file with all its rows, in key order: what must survive an upgrade. */
function snapshot(file: string): Map<string, { columns: string[]; rows: Rows }> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`,
        )
        .all() as { name: string }[]
    )
      .map((t) => t.name)
      // FTS5 keeps its index in ordinary shadow tables; they are checked with 'integrity-check' instead.
      .filter((name) => !/_(data|idx|docsize|config|content)$/.test(name));
    const out = new Map<string, { columns: string[]; rows: Rows }>();
    for (const table of tables) {
      const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map(
        (c) => c.name,
      );
      const rows = db
        .prepare(`SELECT * FROM "${table}" ORDER BY ${columns.map((c) => `"${c}"`).join(', ')}`)
        .all() as Rows;
      out.set(table, { columns, rows });
    }
    return out;
  } finally {
    db.close();
  }
}

const versions = MIGRATIONS.map((m) => m.version);

describe('notebooks from every schema version', () => {
  it('has a fixture for every version up to this one (run test/fixtures/notebooks/make.ts after a migration)', () => {
    expect(versions.filter((v) => !existsSync(fixtureFile(v)))).toEqual([]);
    expect(versions).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it.each(versions)('schema %i opens and migrates to the current schema without losing anything', (version) => {
    const file = join(tempDir(), `v${version}.casebook`);
    copyFileSync(fixtureFile(version), file);
    const before = snapshot(file);
    expect(new BetterSqlite3(file, { readonly: true }).pragma('user_version', { simple: true })).toBe(version);

    const nb = openNotebook(file);
    const { db } = nb;
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const fts = (
        db.prepare("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE % USING fts5(%'").all() as {
          name: string;
        }[]
      ).map((t) => t.name);
      expect(fts.length).toBeGreaterThan(0);
      for (const t of fts)
        expect(() => db.prepare(`INSERT INTO ${t}(${t}) VALUES ('integrity-check')`).run(), t).not.toThrow();

      // Every row of every table is still there with every value it had; new columns only add to them.
      for (const [table, { columns, rows }] of before) {
        if (DERIVED.has(table)) continue;
        const after = db
          .prepare(
            `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY ${columns.map((c) => `"${c}"`).join(', ')}`,
          )
          .all();
        expect(after, `${table} after migrating from schema ${version}`).toEqual(rows);
      }
      expect(before.get('sources')!.rows).toHaveLength(SOURCES.length);
      expect(before.get('passages')!.rows.length).toBeGreaterThan(0);
      expect(before.get('entity_aliases')!.rows.length).toBeGreaterThan(0);
      expect(before.get('notes')!.rows.length).toBeGreaterThan(0);
      expect(before.get('suggestions')!.rows.length).toBeGreaterThan(0);

      // The derived data the migrations build is right for the old rows.
      const counts = db
        .prepare('SELECT name, passage_count, source_count FROM entities WHERE deleted_at IS NULL ORDER BY id')
        .all();
      expect(counts).toEqual([
        { name: 'Alexei Overchuk', passage_count: 2, source_count: 2 },
        { name: 'Shanghai Cooperation Organization', passage_count: 2, source_count: 2 },
        // Its only passage is in the trash.
        { name: 'Islamabad', passage_count: 0, source_count: 0 },
        { name: 'Tianjin summit', passage_count: 1, source_count: 1 },
      ]);
      const banded = db.prepare('SELECT count(DISTINCT source_id) AS n FROM source_minhash_bands').get() as {
        n: number;
      };
      const signed = db.prepare('SELECT count(*) AS n FROM sources WHERE minhash IS NOT NULL').get() as { n: number };
      expect(banded.n).toBe(signed.n);

      // Search finds the old text in every script, names by alias, and notes.
      const find = (q: string): string[] => search(db, { q }).hits.map((h) => `${h.kind}:${h.title}`);
      expect(find('overchuk')).toEqual(expect.arrayContaining(['source:Russia calls Pakistan a natural ally']));
      expect(find('reunion zurich')).toContain('source:Café talks in Zürich');
      expect(find('москве')).toContain('source:Встреча в Москве');
      expect(find('اسلام')).toContain('source:Встреча в Москве');
      expect(find('合作组织')).toContain('source:天津峰会');
      expect(find('SCO')).toEqual(expect.arrayContaining(['entity:Shanghai Cooperation Organization']));
      expect(find('ШОС')).toContain('entity:Shanghai Cooperation Organization');
      expect(find('delegation')).toContain('note:Delegation');
      expect(find('deputy')).toEqual(expect.arrayContaining(['passage:Russia calls Pakistan a natural ally']));
    } finally {
      nb.close();
    }
  });
});
