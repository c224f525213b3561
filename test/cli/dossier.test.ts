import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNotebook } from '../../src-main/core/db/notebook';
import { sampleNotebook } from '../core/export/fixture';
import { pageTexts, pdfinfo } from '../support/poppler';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
const CLI = join(REPO_ROOT, 'src-main', 'cli', 'main.ts');

function cli(args: string[]): {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Array<Record<string, unknown>>;
} {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 170_000 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines };
}

/** The sample article with Alexei Overchuk linked to three of its passages (stored in-process). */
async function notebook(): Promise<{ dir: string; file: string; nb: string[] }> {
  const dir = tempDir();
  const s = await sampleNotebook(dir, { fast: true });
  const file = s.nb.file;
  s.nb.close();
  return { dir, file, nb: ['--notebook', file] };
}

// Each run is a Node start with tsx, and a PDF export starts Chromium: slow on a busy machine.
const SLOW = { timeout: 360_000 };

describe('casebook dossier export', () => {
  it('drafts the dossier of an entity and writes every format asked for, one JSON line each', SLOW, async () => {
    const { dir, file, nb } = await notebook();
    const out = (name: string): string => join(dir, name);
    const r = cli([
      'dossier',
      'export',
      '--entity',
      'overchuk',
      '--classification',
      'INTERNAL',
      '--analyst',
      'J. Analyst',
      '--pdf',
      out('d.pdf'),
      '--html',
      out('d.html'),
      '--md',
      out('d.md'),
      '--json',
      out('d.json'),
      '--json',
      ...nb,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.format)).toEqual(['pdf', 'html', 'md', 'json']);
    for (const line of r.lines) {
      expect(line).toMatchObject({ dossierId: 1, path: out(`d.${String(line.format)}`) });
      expect(statSync(line.path as string).size).toBe(line.bytes);
    }
    const pages = Number(pdfinfo(out('d.pdf')).Pages);
    expect(r.lines[0]!.pages).toBe(pages);
    expect(r.lines.slice(1).every((l) => l.pages === null)).toBe(true);
    const texts = pageTexts(out('d.pdf'));
    expect(texts[0]).toContain('Page 1 of');
    expect(texts[0]).toContain('J. Analyst');
    expect(texts.join('\n')).toContain('natural allies[1]');
    expect(readFileSync(out('d.md'), 'utf8')).toContain('**Classification:** INTERNAL');
    expect(JSON.parse(readFileSync(out('d.json'), 'utf8')).citations).toHaveLength(3);
    // The draft stays in the notebook, for the app to open.
    const db = openNotebook(file);
    try {
      expect(db.db.prepare('SELECT title, classification, analyst FROM dossiers').all()).toEqual([
        { title: 'Alexei Overchuk', classification: 'INTERNAL', analyst: 'J. Analyst' },
      ]);
    } finally {
      db.close();
    }
  });

  it('exports a dossier by id to the Exports folder, and refuses one whose quotes fail the check', SLOW, async () => {
    const { dir, file, nb } = await notebook();
    const first = cli(['dossier', 'export', '--entity', 'Alexei Overchuk', '--md', join(dir, 'first.md'), ...nb]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created dossier #1 from person Alexei Overchuk');

    const db = openNotebook(file);
    db.db.prepare("UPDATE passages SET status = 'orphan' WHERE exact = 'natural allies'").run();
    db.close();
    const refused = cli(['dossier', 'export', '--dossier', '1', '--json', ...nb]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('citation check: orphan: “natural allies” could not be found again');
    expect(refused.lines).toEqual([
      { error: { code: 'conflict', message: expect.stringMatching(/^The citation check found 1 problem: /) } },
    ]);
    expect(existsSync(join(dir, 'Exports'))).toBe(false);

    const forced = cli(['dossier', 'export', '--dossier', '1', '--force', '--json', ...nb]);
    expect(forced.code).toBe(0);
    expect(forced.lines).toEqual([
      {
        format: 'pdf',
        path: join(dir, 'Exports', 'Alexei Overchuk.pdf'),
        bytes: expect.any(Number),
        pages: expect.any(Number),
        dossierId: 1,
      },
    ]);
    expect(readdirSync(join(dir, 'Exports'))).toEqual(['Alexei Overchuk.pdf']);
  });

  it('says how to call it when the arguments do not add up', SLOW, async () => {
    const { nb } = await notebook();
    for (const args of [
      ['dossier', 'export'],
      ['dossier', 'export', '--entity', 'x', '--dossier', '1'],
      ['dossier', 'export', '--dossier', 'one'],
      ['dossier', 'print', '--dossier', '1'],
      ['dossier', 'export', '--dossier', '1', '--analyst', 'x'],
    ]) {
      const r = cli([...args, ...nb]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain('Usage: casebook');
    }
    const unknown = cli(['dossier', 'export', '--entity', 'Nobody Known', '--json', ...nb]);
    expect(unknown.code).toBe(1);
    expect(unknown.lines).toEqual([{ error: { code: 'not_found', message: 'No entity is called "Nobody Known".' } }]);
  });
});
