import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, SAMPLE, useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
const CLI = join(REPO_ROOT, 'src-main', 'cli', 'main.ts');
// Each run is a process that loads the core (and the NER model): generous timeouts on busy machines.

function cli(args: string[]): { code: number | null; stdout: string; stderr: string; lines: unknown[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as unknown);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines };
}

interface Line {
  text: string;
  type: string;
  start: number;
  end: number;
  entityId: number | null;
}

describe('casebook suggest', () => {
  it('prints one line per suggestion for a source, and the same again on a second run', () => {
    const notebook = join(tempDir(), 's.casebook');
    const { sourceId } = cli(['import', SAMPLE, '--notebook', notebook, '--json']).lines[0] as { sourceId: number };
    const first = cli(['suggest', '--source', String(sourceId), '--notebook', notebook, '--json']);
    expect(first.code).toBe(0);
    const lines = first.lines as Line[];
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['end', 'entityId', 'start', 'text', 'type']);
      expect(['person', 'organization', 'place', 'event', 'other']).toContain(l.type);
      expect(l.end).toBeGreaterThan(l.start);
    }
    const has = (type: string, text: string): boolean => lines.some((l) => l.type === type && l.text === text);
    expect(has('person', 'Alexei Overchuk')).toBe(true);
    expect(has('person', 'Tariq Fatemi')).toBe(true);
    expect(has('place', 'Islamabad')).toBe(true);
    expect(has('organization', 'Pakistan Steel Mills')).toBe(true);
    expect(lines.every((l) => l.entityId === null)).toBe(true);
    // Sorted by position in the text.
    expect(lines.map((l) => l.start)).toEqual([...lines.map((l) => l.start)].sort((a, b) => a - b));
    const second = cli(['suggest', '--source', String(sourceId), '--notebook', notebook, '--json']);
    expect(second.lines).toEqual(first.lines);
  }, 180_000);

  it('fails clearly on an unknown source, and on usage errors', () => {
    const notebook = join(tempDir(), 'empty.casebook');
    const missing = cli(['suggest', '--source', '42', '--notebook', notebook, '--json']);
    expect(missing.code).toBe(1);
    expect(missing.lines).toEqual([
      { error: { code: 'not_found', message: 'There is no source 42 in this notebook.' } },
    ]);
    expect(cli(['suggest', '--notebook', notebook]).code).toBe(2);
    expect(cli(['suggest', '--source', 'one', '--notebook', notebook]).code).toBe(2);
  }, 180_000);
});
