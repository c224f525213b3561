import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, SAMPLE, useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
const CLI = join(REPO_ROOT, 'src-main', 'cli', 'main.ts');

function cli(args: string[]): { code: number | null; stdout: string; stderr: string; lines: unknown[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as unknown);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines };
}

describe('casebook search', () => {
  // Each run starts a process: slow on a busy machine.
  const SLOW = 120_000;

  it(
    'prints one {kind, id, title, snippet} line per result, best first, with the query syntax of the app',
    () => {
      const dir = tempDir();
      const notebook = join(tempDir(), 's.casebook');
      writeFileSync(
        join(dir, 'kabul.txt'),
        'date 2025-01-02\nKabul talks\n\nThe Kabul talks went on. Kabul, Kabul, Kabul.',
      );
      writeFileSync(
        join(dir, 'brief.txt'),
        'date 2024-05-06\nA brief\n\nA passing mention of Kabul among many other things.',
      );
      expect(cli(['import', SAMPLE, dir, '--notebook', notebook]).code).toBe(0);

      const r = cli(['search', 'kabul', '--notebook', notebook, '--json']);
      expect(r.code).toBe(0);
      expect(r.lines).toEqual([
        {
          kind: 'source',
          id: expect.any(Number),
          title: 'Kabul talks',
          snippet: 'Kabul talks The Kabul talks went on. Kabul, Kabul, Kabul.',
        },
        {
          kind: 'source',
          id: expect.any(Number),
          title: 'A brief',
          snippet: 'A brief A passing mention of Kabul among many other things.',
        },
      ]);
      const kabulId = (r.lines[0] as { id: number }).id;

      const phrase = cli(['search', '"natural allies" -india', '--notebook', notebook, '--json']);
      expect(phrase.lines).toEqual([
        {
          kind: 'source',
          id: 1,
          title: expect.stringMatching(/^A top Russian official/),
          snippet: expect.stringContaining('“natural allies”'),
        },
      ]);
      expect(cli(['search', 'kab*', '--limit', '1', '--notebook', notebook, '--json']).lines).toHaveLength(1);
      // China is in the sample: excluded.
      expect(cli(['search', '"natural allies" -china', '--notebook', notebook, '--json']).lines).toEqual([]);
      expect(cli(['search', 'kabul', '--from', '2025-01-01', '--notebook', notebook, '--json']).lines).toEqual([
        expect.objectContaining({ id: kabulId }),
      ]);
      expect(cli(['search', 'kabul', '--kind', 'note,entity', '--notebook', notebook, '--json']).lines).toEqual([]);
    },
    SLOW,
  );

  it(
    'reads malformed queries without failing, explaining on stderr, and marks matches in plain output',
    () => {
      const notebook = join(tempDir(), 'm.casebook');
      expect(cli(['import', SAMPLE, '--notebook', notebook]).code).toBe(0);
      const odd = cli(['search', '"natural allies', '--notebook', notebook, '--json']);
      expect(odd.code).toBe(0);
      expect(odd.lines).toHaveLength(1);
      expect(odd.stderr).toContain('A quote was not closed');
      for (const q of ['NEAR( title: ^ *', '" OR', 'AND NOT -']) {
        const r = cli(['search', q, '--notebook', notebook, '--json']);
        expect(r.code, q).toBe(0);
        expect(r.stderr, q).not.toMatch(/internal|SQLite|fts5/i);
      }
      const plain = cli(['search', 'overchuk', '--notebook', notebook]);
      expect(plain.stdout).toMatch(/^source {3}#1 {2}A top Russian official/);
      expect(plain.stdout).toContain('[Overchuk]');
    },
    SLOW,
  );

  it(
    'refuses bad flags as usage errors',
    () => {
      const notebook = join(tempDir(), 'u.casebook');
      for (const args of [[], ['x', '--kind', 'book'], ['x', '--from', '2025-02-30']]) {
        const r = cli(['search', ...args, '--notebook', notebook]);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toMatch(/^casebook: /);
      }
    },
    SLOW,
  );
});
