import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openNotebook } from '../../src-main/core/db/notebook';
import { contentHash } from '../../src-main/core/sources/normalize';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
// Node itself with tsx's loader: one process, so a kill reaches the importer (the tsx CLI would fork).
const NODE_ARGS = ['--import', 'tsx'];
const CLI = join(REPO_ROOT, 'src-main', 'cli', 'main.ts');
const FILES = 300;

/** Runs `casebook import` and kills it (SIGKILL, no chance to clean up) after `killAfter` results. */
function importAndMaybeKill(
  folder: string,
  notebook: string,
  killAfter: number | null,
): Promise<{ lines: number; killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, CLI, 'import', folder, '--notebook', notebook, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lines = 0;
    let killed = false;
    createInterface({ input: child.stdout }).on('line', () => {
      lines++;
      if (killAfter !== null && lines >= killAfter && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ lines, killed, code }));
  });
}

function checkConsistent(notebook: string): number {
  const nb = openNotebook(notebook);
  try {
    const { db } = nb;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(() => db.prepare("INSERT INTO sources_fts(sources_fts) VALUES ('integrity-check')").run()).not.toThrow();
    const sources = db.prepare('SELECT id, text, content_hash, blob_hash FROM sources').all() as Array<{
      id: number;
      text: string;
      content_hash: string;
      blob_hash: string | null;
    }>;
    for (const s of sources) {
      // No partial source: its text is whole, its original is stored, its search row exists.
      expect(contentHash(s.text)).toBe(s.content_hash);
      expect(s.text).toMatch(/End of file \d+\.$/);
      expect(db.prepare('SELECT 1 FROM blobs WHERE hash = ?').get(s.blob_hash)).toBeDefined();
    }
    const indexed = db.prepare('SELECT count(*) AS n FROM sources_fts_docsize').get() as { n: number };
    expect(indexed.n).toBe(sources.length);
    const bands = db.prepare('SELECT count(DISTINCT source_id) AS n FROM source_minhash_bands').get() as { n: number };
    expect(bands.n).toBe(sources.length);
    return sources.length;
  } finally {
    nb.close();
  }
}

describe('an import killed mid-batch', () => {
  it('leaves a consistent notebook, and running the batch again imports exactly what was missing', async () => {
    const dir = tempDir();
    const folder = join(dir, 'batch');
    mkdirSync(folder);
    for (let i = 0; i < FILES; i++) {
      const body = Array.from(
        { length: 40 },
        (_, k) => `Paragraph ${k} of file ${i} talks about item ${i * 31 + k}.`,
      ).join('\n\n');
      writeFileSync(
        join(folder, `file-${String(i).padStart(3, '0')}.txt`),
        `date 2025-01-${String(1 + (i % 28)).padStart(2, '0')} ${body}\n\nEnd of file ${i}.`,
      );
    }
    const notebook = join(dir, 'kill.casebook');

    const first = await importAndMaybeKill(folder, notebook, 40);
    expect(first.killed).toBe(true);
    const afterKill = checkConsistent(notebook);
    expect(afterKill).toBeGreaterThanOrEqual(40);
    expect(afterKill).toBeLessThan(FILES);

    const second = await importAndMaybeKill(folder, notebook, null);
    expect(second.code).toBe(0);
    expect(second.lines).toBe(FILES);
    expect(checkConsistent(notebook)).toBe(FILES);

    const nb = openNotebook(notebook);
    const statuses = nb.db
      .prepare(
        `SELECT status, count(*) AS n FROM import_report_items
         WHERE report_id = (SELECT max(id) FROM import_reports) GROUP BY status ORDER BY status`,
      )
      .all();
    const interrupted = nb.db.prepare('SELECT finished_at FROM import_reports ORDER BY id LIMIT 1').get() as {
      finished_at: string | null;
    };
    nb.close();
    expect(statuses).toEqual([
      { status: 'duplicate', n: afterKill },
      { status: 'imported', n: FILES - afterKill },
    ]);
    expect(interrupted.finished_at).toBeNull();
  });
});
