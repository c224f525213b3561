import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src-main/core/db/migrate';
import { REPO_ROOT, SAMPLE, useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
// Node itself with tsx's loader: one process, so a kill reaches the importer (the tsx CLI would fork).
const NODE_ARGS = ['--import', 'tsx'];
const CLI = join(REPO_ROOT, 'src-main', 'cli', 'main.ts');

function cli(
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string; lines: unknown[] } {
  const r = spawnSync(process.execPath, [...NODE_ARGS, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as unknown);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines };
}

describe('casebook CLI', () => {
  it('imports the sample article, then reports the second import as a duplicate of it', () => {
    const notebook = join(tempDir(), 'cli.casebook');
    const first = cli(['import', SAMPLE, '--notebook', notebook, '--json']);
    expect(first.code).toBe(0);
    expect(first.lines).toHaveLength(1);
    const imported = first.lines[0] as Record<string, unknown>;
    expect(imported).toEqual({
      file: SAMPLE,
      status: 'imported',
      sourceId: expect.any(Number),
      title: expect.stringMatching(/^A top Russian official on Thursday described Pakistan as an “important partner”/),
      publishedAt: '2025-07-11',
      kind: 'txt',
      error: null,
    });
    const second = cli(['import', SAMPLE, '--notebook', notebook, '--json']);
    expect(second.code).toBe(0);
    expect(second.lines).toEqual([{ ...imported, status: 'duplicate' }]);
  });

  it('exits 1 when some files fail, still importing the rest, with one JSON line per file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'contacts.vcf'), 'BEGIN:VCARD');
    writeFileSync(join(dir, 'ok.txt'), 'A perfectly fine article.');
    const notebook = join(dir, 'n.casebook');
    const r = cli(['import', join(dir, 'contacts.vcf'), join(dir, 'ok.txt'), join(dir, 'gone.txt'), '--json'], {
      CASEBOOK_NOTEBOOK: notebook,
    });
    expect(r.code).toBe(1);
    expect(r.lines.map((l) => (l as { status: string }).status)).toEqual(['failed', 'imported', 'failed']);
    expect((r.lines[0] as { error: { code: string } }).error.code).toBe('unsupported_format');
    expect((r.lines[2] as { error: { code: string } }).error.code).toBe('unreadable_file');
    expect((cli(['list', '--json', '--notebook', notebook]).lines as { title: string }[]).map((l) => l.title)).toEqual([
      'A perfectly fine article',
    ]);
  });

  it('lists and shows sources as JSON', () => {
    const notebook = join(tempDir(), 'show.casebook');
    const { sourceId } = cli(['import', SAMPLE, '--notebook', notebook, '--json']).lines[0] as { sourceId: number };
    const list = cli(['list', '--notebook', notebook, '--json']);
    expect(list.code).toBe(0);
    expect(list.lines).toEqual([
      {
        sourceId,
        title: expect.any(String),
        publishedAt: '2025-07-11',
        kind: 'txt',
        importedAt: expect.any(String),
        nearDuplicateOf: null,
      },
    ]);
    const show = cli(['show', String(sourceId), '--notebook', notebook, '--json']);
    expect(show.code).toBe(0);
    const source = show.lines[0] as Record<string, unknown>;
    expect(Object.keys(source).sort()).toEqual(
      ['byline', 'kind', 'lang', 'publishedAt', 'sourceId', 'text', 'title', 'url'].sort(),
    );
    expect(source.text).toMatch(/^A top Russian official/);
    expect(source.text).toContain('\n\nThe remarks were made by Russian Deputy Prime Minister Alexei Overchuk');
    const human = cli(['show', String(sourceId), '--notebook', notebook]);
    expect(human.stdout).toContain('2025-07-11');
    const missing = cli(['show', '42', '--notebook', notebook, '--json']);
    expect(missing.code).toBe(1);
    expect(missing.lines).toEqual([{ error: { code: 'not_found', message: expect.stringContaining('no source 42') } }]);
  });

  it('exits 2 on usage errors', () => {
    const notebook = join(tempDir(), 'u.casebook');
    for (const args of [
      [],
      ['frobnicate'],
      ['import'],
      ['show'],
      ['show', 'abc'],
      ['list', '--bogus'],
      ['web', '--port', 'x'],
    ]) {
      const r = cli([...args, '--notebook', notebook]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Usage: casebook/);
    }
    expect(cli(['--help']).code).toBe(0);
  });

  it('refuses a notebook from a newer version with a clear message and leaves it untouched', () => {
    const notebook = join(tempDir(), 'future.casebook');
    cli(['import', SAMPLE, '--notebook', notebook]);
    const raw = new BetterSqlite3(notebook);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = createHash('sha256').update(readFileSync(notebook)).digest('hex');
    const r = cli(['list', '--notebook', notebook]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/written by a newer version of Casebook/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(createHash('sha256').update(readFileSync(notebook)).digest('hex')).toBe(before);
  });
});
