import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockFileOf } from '../../../src-main/core/db/lock';
import { openNotebook } from '../../../src-main/core/db/notebook';
import { CasebookError } from '../../../src-main/core/errors';
import { crash, holdNotebook } from '../../support/processes';
import type { ChildProcess } from 'node:child_process';
import { useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await crash(c);
});
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function refusal(fn: () => unknown): CasebookError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CasebookError);
    return err as CasebookError;
  }
  throw new Error('expected a refusal');
}

describe('one Casebook process per notebook', () => {
  it('refuses a second process with the holder’s pid, and takes over once that process has died', async () => {
    const file = join(tempDir(), 'shared.casebook');
    openNotebook(file).close();
    const holder = await holdNotebook(file);
    children.push(holder);

    const before = sha(file);
    const err = refusal(() => openNotebook(file));
    expect(err.code).toBe('notebook_locked');
    expect(err.message).toBe(
      `shared.casebook is already open in another Casebook window or process (pid ${holder.pid}). Close it there first.`,
    );
    expect(sha(file)).toBe(before);

    // Killed, it cannot remove its lock: the next open finds a dead pid and takes the notebook.
    await crash(holder);
    expect(JSON.parse(readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ pid: holder.pid });
    const nb = openNotebook(file);
    expect(JSON.parse(readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(nb.db.pragma('integrity_check', { simple: true })).toBe('ok');
    nb.close();
    expect(existsSync(lockFileOf(file))).toBe(false);
  });

  it('shares the lock within one process and lets it go when the last holder closes', () => {
    const file = join(tempDir(), 'twice.casebook');
    const a = openNotebook(file);
    const b = openNotebook(file);
    a.close();
    expect(existsSync(lockFileOf(file))).toBe(true);
    a.close(); // a second close releases nothing more
    expect(existsSync(lockFileOf(file))).toBe(true);
    b.close();
    expect(existsSync(lockFileOf(file))).toBe(false);
  });

  it('takes over a lock whose pid no longer runs, and refuses one from another machine with its name', () => {
    const dir = tempDir();
    const file = join(dir, 'n.casebook');
    openNotebook(file).close();
    // A pid above the kernel's maximum never runs.
    writeFileSync(lockFileOf(file), JSON.stringify({ pid: 2 ** 30, host: hostname(), app: 'Casebook', since: '' }));
    openNotebook(file).close();
    expect(existsSync(lockFileOf(file))).toBe(false);

    writeFileSync(lockFileOf(file), JSON.stringify({ pid: 4242, host: 'laptop-7', app: 'Casebook', since: '' }));
    const err = refusal(() => openNotebook(file));
    expect(err.code).toBe('notebook_locked');
    expect(err.message).toMatch(
      /\(pid 4242 on laptop-7\)\. If no Casebook runs there any more, delete n\.casebook\.lock/,
    );
  });
});
