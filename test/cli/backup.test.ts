import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupsFolder } from '../../src-main/core/backup/backups';
import { SCHEMA_VERSION } from '../../src-main/core/db/migrate';
import { openNotebook } from '../../src-main/core/db/notebook';
import { seedSources } from '../support/seed';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
const CLI = join(REPO_ROOT, 'src-main', 'cli', 'main.ts');
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const nb of open.splice(0)) nb.close();
});

function cli(args: string[]): {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
} {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines };
}

function titles(file: string): string[] {
  const nb = openNotebook(file);
  try {
    return (nb.db.prepare('SELECT title FROM sources ORDER BY id').all() as { title: string }[]).map((r) => r.title);
  } finally {
    nb.close();
  }
}

// Several CLI runs per test, each a Node start with tsx: slow on a busy machine.
const SLOW = { timeout: 180_000 };

describe('casebook backup and restore', () => {
  it('backs up, lists and restores, with one JSON line each', SLOW, () => {
    const file = join(tempDir(), 'cli.casebook');
    const nb = openNotebook(file);
    seedSources(nb.db, 2, (i) => ({ title: `Before ${i}`, text: `Kept by the backup, ${i}.` }));
    nb.close();

    const made = cli(['backup', '--notebook', file, '--json']);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.lines).toEqual([
      {
        backupId: expect.stringMatching(/^cli\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.manual\.casebook-backup$/),
        kind: 'manual',
        createdAt: expect.any(String),
        size: expect.any(Number),
        schemaVersion: SCHEMA_VERSION,
        verified: true,
        problem: null,
        file: expect.stringContaining(join(backupsFolder(file), 'cli.')),
      },
    ]);
    const backupId = made.lines[0]!.backupId as string;

    const later = openNotebook(file);
    seedSources(later.db, 1, () => ({ title: 'After', text: 'Written after the backup.' }));
    later.close();

    const listed = cli(['backup', '--list', '--notebook', file, '--json']);
    expect(listed.code).toBe(0);
    expect(listed.lines).toEqual([made.lines[0]]);
    const text = cli(['backup', '--list', '--notebook', file]);
    expect(text.stdout).toMatch(new RegExp(`manual .* verified  ${backupId.replace(/\./g, '\\.')}`));

    const restored = cli(['restore', backupId, '--notebook', file, '--json']);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.lines).toEqual([
      {
        notebook: file,
        restored: backupId,
        schemaVersion: SCHEMA_VERSION,
        safetyBackup: expect.stringMatching(/\.pre-restore\.casebook-backup$/),
      },
    ]);
    expect(titles(file)).toEqual(['Before 1', 'Before 2']);

    // Undo: restore the safety backup.
    expect(cli(['restore', restored.lines[0]!.safetyBackup as string, '--notebook', file]).code).toBe(0);
    expect(titles(file)).toEqual(['Before 1', 'Before 2', 'After']);
  });

  it('restores a notebook too damaged to open, and keeps its bytes aside', SLOW, () => {
    const dir = tempDir();
    const file = join(dir, 'bad.casebook');
    const nb = openNotebook(file);
    seedSources(nb.db, 1, () => ({ title: 'Good', text: 'A good notebook.' }));
    nb.close();
    const backup = cli(['backup', '--notebook', file, '--json']).lines[0]!.backupId as string;
    writeFileSync(file, 'SQLite format 3\0' + 'garbage '.repeat(2000));
    expect(cli(['list', '--notebook', file]).code).toBe(1);

    const r = cli(['restore', backupsFolder(file) + '/' + backup, '--notebook', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.lines[0]).toMatchObject({ safetyBackup: expect.stringMatching(/\.damaged\.casebook-backup$/) });
    expect(titles(file)).toEqual(['Good']);
    const listed = cli(['backup', '--list', '--notebook', file, '--json']).lines;
    expect(listed.find((b) => b.kind === 'damaged')).toMatchObject({ verified: false });
  });

  it('refuses to restore over a notebook another Casebook has open, changing nothing', SLOW, () => {
    const file = join(tempDir(), 'busy.casebook');
    const nb = openNotebook(file);
    open.push(nb);
    seedSources(nb.db, 1, () => ({ title: 'Open', text: 'Open in the app.' }));
    nb.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = sha(file);
    const r = cli(['restore', 'no-such.casebook', '--notebook', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/There is no backup or file "no-such\.casebook"/);
    const locked = cli(['restore', file, '--notebook', file, '--json']);
    expect(locked.code).toBe(1);
    expect(locked.lines).toEqual([
      {
        error: {
          code: 'notebook_locked',
          message: `busy.casebook is already open in another Casebook window or process (pid ${process.pid}). Close it there first.`,
        },
      },
    ]);
    expect(sha(file)).toBe(before);
  });
});
