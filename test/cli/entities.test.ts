import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNotebook } from '../../src-main/core/db/notebook';
import { listEntities } from '../../src-main/core/entities/repository';
import { seedSample } from '../core/passages/sample';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

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

/** A notebook holding the sample article as source 1 (stored in-process: each CLI run costs a Node start). */
function sampleNotebook(): { nb: string[]; file: string } {
  const file = join(tempDir(), 'cli.casebook');
  const notebook = openNotebook(file);
  seedSample(notebook.db);
  notebook.close();
  return { nb: ['--notebook', file], file };
}

// Several CLI runs per test, each a Node start with tsx: slow on a busy machine.
const SLOW = { timeout: 180_000 };

describe('casebook link and entities', () => {
  it('links quotes to new and known entities and lists the entities', SLOW, () => {
    const { nb } = sampleNotebook();
    const first = cli([
      'link',
      '--source',
      '1',
      '--quote',
      'Alexei Overchuk',
      '--entity',
      'Alexei Overchuk',
      '--type',
      'person',
      '--json',
      ...nb,
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.lines).toEqual([{ passageId: 1, entityId: 1, start: expect.any(Number), end: expect.any(Number) }]);
    const { start, end } = first.lines[0] as { start: number; end: number };
    expect(end - start).toBe('Alexei Overchuk'.length);

    // The quote is found whatever its case and spacing.
    const second = cli([
      'link',
      '--source',
      '1',
      '--quote',
      'shanghai  cooperation organization',
      '--entity',
      'SCO',
      '--type',
      'Organization',
      '--json',
      ...nb,
    ]);
    expect(second.code).toBe(0);
    expect(second.lines).toEqual([{ passageId: 2, entityId: 2, start: expect.any(Number), end: expect.any(Number) }]);
    // The same words and entity (found by name, whatever the case) again: the same passage and link.
    const again = cli([
      'link',
      '--source',
      '1',
      '--quote',
      'Alexei Overchuk',
      '--entity',
      'alexei overchuk',
      '--json',
      ...nb,
    ]);
    expect(again.lines).toEqual([{ passageId: 1, entityId: 1, start, end }]);

    const listed = cli(['entities', '--json', ...nb]);
    expect(listed.code).toBe(0);
    expect(listed.lines).toEqual([
      { entityId: 1, name: 'Alexei Overchuk', type: 'person', aliases: [], passages: 1 },
      { entityId: 2, name: 'SCO', type: 'organization', aliases: [], passages: 1 },
    ]);
    const text = cli(['entities', '--type', 'organization', ...nb]);
    expect(text.stdout.trim()).toBe('#2  organization SCO  1 passage');
  });

  it('says clearly when the quote or source is unknown, or the new entity has no type', SLOW, () => {
    const { nb, file } = sampleNotebook();
    const unknownQuote = cli([
      'link',
      '--source',
      '1',
      '--quote',
      'Angela Merkel',
      '--entity',
      'Merkel',
      '--type',
      'person',
      '--json',
      ...nb,
    ]);
    expect(unknownQuote.code).toBe(1);
    expect(unknownQuote.lines).toEqual([
      { error: { code: 'not_found', message: expect.stringMatching(/^The quote "Angela Merkel" is not in source 1/) } },
    ]);
    const unknownSource = cli([
      'link',
      '--source',
      '42',
      '--quote',
      'Pakistan',
      '--entity',
      'Pakistan',
      '--type',
      'place',
      ...nb,
    ]);
    expect(unknownSource.code).toBe(1);
    expect(unknownSource.stderr).toMatch(/There is no source 42/);

    const noType = cli(['link', '--source', '1', '--quote', 'Karachi', '--entity', 'Karachi', ...nb]);
    expect(noType.code).toBe(2);
    expect(noType.stderr).toMatch(
      /No entity is called "Karachi"; add --type person\|organization\|place\|event\|other/,
    );
    const badType = cli([
      'link',
      '--source',
      '1',
      '--quote',
      'Karachi',
      '--entity',
      'Karachi',
      '--type',
      'city',
      ...nb,
    ]);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/--type must be person, organization, place, event or other, not "city"/);

    // Nothing was created by the failures.
    const notebook = openNotebook(file);
    expect(listEntities(notebook.db, { offset: 0, limit: 10 }).total).toBe(0);
    notebook.close();
  });
});
