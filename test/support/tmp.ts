import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temp folder per call, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'casebook-test-'));
    dirs.push(d);
    return d;
  };
}

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const SAMPLE = join(REPO_ROOT, 'resources/samples/2025-07-11-russia-pakistan-natural-allies.txt');
