import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, migrate, MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/core/db/migrate';
import { defaultNotebookPath, openNotebook, resolveNotebookPath } from '../../../src-main/core/db/notebook';
import { CasebookError } from '../../../src-main/core/errors';
import { importInto } from '../../support/importing';
import { SAMPLE, useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectCasebookError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CasebookError);
    expect((err as CasebookError).code).toBe(code);
    expect((err as CasebookError).message).toMatch(message);
    return;
  }
  throw new Error('expected an error');
}

describe('notebook file', () => {
  it('is created with WAL, foreign keys and its migrations recorded inside', () => {
    const file = join(tempDir(), 'sub', 'new.casebook');
    const nb = openNotebook(file);
    try {
      expect(nb.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(nb.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(nb.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(nb.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      const applied = nb.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      const tables = (
        nb.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]
      ).map((t) => t.name);
      for (const t of [
        'sources',
        'blobs',
        'passages',
        'entities',
        'entity_aliases',
        'passage_entities',
        'entity_merges',
        'suggestions',
        'notes',
        'dossiers',
        'refs',
        'sources_fts',
        'notes_fts',
        'entities_fts',
      ]) {
        expect(tables).toContain(t);
      }
    } finally {
      nb.close();
    }
  });

  it('opens again without re-running migrations', () => {
    const file = join(tempDir(), 'again.casebook');
    openNotebook(file).close();
    const nb = openNotebook(file);
    expect(nb.db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    nb.close();
  });

  it('migrates a notebook from every earlier schema version without losing its sources', async () => {
    for (let version = 1; version < SCHEMA_VERSION; version++) {
      const file = join(tempDir(), `v${version}.casebook`);
      const old = new BetterSqlite3(file);
      old.pragma('journal_mode = WAL');
      migrate(old, file, MIGRATIONS.slice(0, version));
      const now = new Date().toISOString();
      old
        .prepare(
          `INSERT INTO sources (title, kind, extractor, text, content_hash, imported_at, updated_at)
           VALUES ('Old source', 'txt', 'txt@1', 'Text from an older notebook.', 'h1', ?, ?)`,
        )
        .run(now, now);
      old.close();

      const nb = openNotebook(file);
      expect(nb.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(nb.db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: SCHEMA_VERSION });
      expect(nb.db.prepare('SELECT title, text, layout FROM sources').all()).toEqual([
        { title: 'Old source', text: 'Text from an older notebook.', layout: '{"headings":[],"pages":[]}' },
      ]);
      expect(nb.db.pragma('integrity_check', { simple: true })).toBe('ok');
      nb.close();
    }
  });

  it('keeps the full-text indexes in step with sources, notes and entity aliases', async () => {
    const nb = openNotebook(join(tempDir(), 'fts.casebook'));
    const { db } = nb;
    const result = (await importInto(nb, [SAMPLE])).results[0]!;
    expect(result.status).toBe('imported');
    const hit = (sql: string, q: string): number[] =>
      (db.prepare(sql).all(q) as { rowid: number }[]).map((r) => r.rowid);
    expect(hit('SELECT rowid FROM sources_fts WHERE sources_fts MATCH ?', 'overchuk')).toEqual([result.sourceId]);

    const now = new Date().toISOString();
    const entity = db
      .prepare("INSERT INTO entities (type, name, created_at, updated_at) VALUES ('Organization', ?, ?, ?)")
      .run('Shanghai Cooperation Organization', now, now).lastInsertRowid;
    db.prepare('INSERT INTO entity_aliases (entity_id, alias) VALUES (?, ?)').run(entity, 'SCO');
    expect(hit('SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?', 'sco')).toEqual([Number(entity)]);
    db.prepare('DELETE FROM entity_aliases WHERE entity_id = ?').run(entity);
    expect(hit('SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?', 'sco')).toEqual([]);

    // Diacritics are folded: "Ṣan‘ā’" and "sana" find each other.
    const note = db
      .prepare('INSERT INTO notes (title, content, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run('Café in Ṣan‘ā’', '{}', 'Встреча в Москве', now, now).lastInsertRowid;
    expect(hit('SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?', 'cafe')).toEqual([Number(note)]);
    expect(hit('SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?', 'москве')).toEqual([Number(note)]);
    db.prepare('DELETE FROM notes WHERE id = ?').run(note);
    expect(hit('SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?', 'cafe')).toEqual([]);

    for (const t of ['sources_fts', 'notes_fts', 'entities_fts']) {
      expect(() => db.prepare(`INSERT INTO ${t}(${t}) VALUES ('integrity-check')`).run()).not.toThrow();
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    nb.close();
  });

  it('refuses to change a source text once stored', async () => {
    const nb = openNotebook(join(tempDir(), 'immutable.casebook'));
    const { sourceId } = (await importInto(nb, [SAMPLE])).results[0]!;
    expect(() => nb.db.prepare("UPDATE sources SET text = 'edited' WHERE id = ?").run(sourceId)).toThrow(/immutable/);
    nb.db.prepare("UPDATE sources SET title = 'Edited title' WHERE id = ?").run(sourceId);
    nb.close();
  });

  it('enforces foreign keys', () => {
    const nb = openNotebook(join(tempDir(), 'fk.casebook'));
    const now = new Date().toISOString();
    expect(() =>
      nb.db
        .prepare(
          'INSERT INTO passages (source_id, start, "end", exact, created_at, updated_at) VALUES (999, 0, 4, \'text\', ?, ?)',
        )
        .run(now, now),
    ).toThrow(/FOREIGN KEY/);
    nb.close();
  });

  it('refuses a notebook from a newer version and leaves it byte-for-byte untouched', async () => {
    const dir = tempDir();
    const file = join(dir, 'future.casebook');
    const nb = openNotebook(file);
    await importInto(nb, [SAMPLE]);
    nb.close();
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = sha(file);
    const filesBefore = readdirSync(dir).sort();

    expectCasebookError(() => openNotebook(file), 'notebook_too_new', /newer version of Casebook.*not changed/);
    expect(sha(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('refuses a notebook whose newer version is still in its WAL (a newer Casebook crashed), touching neither file', () => {
    const dir = tempDir();
    const file = join(dir, 'crashed.casebook');
    openNotebook(file).close();
    // A newer Casebook with the notebook open: its last commit is in the WAL, the file's header still says ours.
    const newer = new BetterSqlite3(file);
    newer.pragma('wal_autocheckpoint = 0');
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    const copy = join(dir, 'copy.casebook');
    writeFileSync(copy, readFileSync(file));
    writeFileSync(copy + '-wal', readFileSync(file + '-wal'));
    newer.close();
    expect(readFileSync(copy).readUInt32BE(60)).toBe(SCHEMA_VERSION);
    const before = [sha(copy), sha(copy + '-wal')];
    const filesBefore = readdirSync(dir).sort();

    expectCasebookError(() => openNotebook(copy), 'notebook_too_new', /newer version of Casebook.*not changed/);
    expect([sha(copy), sha(copy + '-wal')]).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('refuses a file that is not a notebook, without touching it', () => {
    const dir = tempDir();
    const text = join(dir, 'notes.casebook');
    writeFileSync(text, 'just some text, not a database at all '.repeat(10));
    const before = sha(text);
    expectCasebookError(() => openNotebook(text), 'not_a_notebook', /not a SQLite database/);
    expect(sha(text)).toBe(before);

    const other = join(dir, 'other.db');
    const raw = new BetterSqlite3(other);
    raw.exec('CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)');
    raw.close();
    const otherBefore = sha(other);
    expectCasebookError(() => openNotebook(other), 'not_a_notebook', /another application/);
    expect(sha(other)).toBe(otherBefore);
  });

  it('finds the notebook from --notebook, then CASEBOOK_NOTEBOOK, then the per-user folder', () => {
    const env = { CASEBOOK_NOTEBOOK: '/data/env.casebook', XDG_CONFIG_HOME: '/home/a/.config' };
    expect(resolveNotebookPath('/data/flag.casebook', env)).toBe('/data/flag.casebook');
    expect(resolveNotebookPath(undefined, env)).toBe('/data/env.casebook');
    expect(resolveNotebookPath(undefined, { XDG_CONFIG_HOME: '/home/a/.config' })).toBe(
      '/home/a/.config/Casebook/Notebooks/Notebook.casebook',
    );
    expect(defaultNotebookPath({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(
      /AppData.Roaming.Casebook.Notebooks.Notebook\.casebook$/,
    );
    expect(defaultNotebookPath({}, 'darwin')).toMatch(
      /Library\/Application Support\/Casebook\/Notebooks\/Notebook\.casebook$/,
    );
    expect(existsSync('/data/flag.casebook')).toBe(false);
  });
});
