import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultNotebookPath } from '../../src-main/core/db/notebook';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

/**
 * `npm start` on a machine where the Electron app cannot run: it must say why
 * in one line and serve browser mode instead. Each run is made hermetic: no
 * display, or an Electron download pointed at a closed local port, and an
 * empty Electron dist folder, so a developer machine with Electron installed
 * and a screen behaves like this offline one.
 */

const START = join(REPO_ROOT, 'scripts', 'start.mjs');
const FALLBACK = /^Casebook: the Electron app is not available \((.+)\); starting browser mode instead\.$/;
const URL_LINE = /^Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/;
// The first browser-mode run may build the renderer.
const STARTUP_MS = 90_000;

interface Running {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Running[] = [];
const seenPids = new Set<number>();

function start(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [START, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    const parts = stdout.split('\n');
    stdout = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const wake of waiters) wake();
    }),
  );
  const run: Running = {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no line matching ${pattern} in ${STARTUP_MS} ms\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`,
            ),
          );
        }, STARTUP_MS);
        function check(): void {
          for (const line of lines) {
            const m = line.match(pattern);
            if (m) {
              clearTimeout(timer);
              waiters.delete(check);
              resolve(m);
              return;
            }
          }
          if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(
              new Error(
                `start.mjs exited before printing ${pattern}\nstdout:\n${lines.join('\n')}\nstderr:\n${stderr}`,
              ),
            );
          }
        }
        waiters.add(check);
        check();
      }),
  };
  running.push(run);
  return run;
}

/** Every process below `root` (start.mjs → tsx → the web server), by parent pid. */
function descendants(root: number): number[] {
  if (process.platform === 'win32') return [];
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const row of table.trim().split('\n')) {
    const [pid, ppid] = row.trim().split(/\s+/).map(Number) as [number, number];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const pid of children.get(queue.shift()!) ?? []) {
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie has exited; it only waits to be reaped (containers often run no init to do it).
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

/** Processes may take a moment to finish exiting after their parent reports its own exit. */
async function survivors(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 50; i++) {
    const left = pids.filter(alive);
    if (left.length === 0) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
  return pids.filter(alive);
}

afterEach(async () => {
  // Whatever a failed test left running goes, by pid: start.mjs, then anything it started.
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      for (const pid of descendants(run.child.pid!)) seenPids.add(pid);
      run.child.kill('SIGKILL');
      await run.exited;
    }
  }
  for (const pid of seenPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  seenPids.clear();
});

/** Stops start.mjs as a service manager would, and checks nothing it started survives. */
async function stopAndCheck(run: Running, origin: string): Promise<void> {
  const below = descendants(run.child.pid!);
  for (const pid of below) seenPids.add(pid);
  if (process.platform !== 'win32') expect(below.length).toBeGreaterThan(0);
  run.child.kill('SIGTERM');
  const exit = await Promise.race([
    run.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('start.mjs did not exit on SIGTERM')), 20_000)),
  ]);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(await survivors(below)).toEqual([]);
  await expect(fetch(origin)).rejects.toThrow();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('npm start without the Electron app', () => {
  const tempDir = useTempDirs();

  /** The environment of a machine without Electron's binary: no display unless given one. */
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (/^(npm_|electron_|casebook_)/i.test(key) || key === 'DISPLAY' || key === 'WAYLAND_DISPLAY') continue;
      base[key] = value;
    }
    return {
      ...base,
      ELECTRON_OVERRIDE_DIST_PATH: join(tempDir(), 'no-electron-here'),
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      ...extra,
    };
  };

  it(
    'says why in one line, then serves the given notebook in browser mode behind its token',
    async () => {
      const notebook = join(tempDir(), 'x.casebook');
      const run = start(['--notebook', notebook], env());

      const [, url] = await run.waitForLine(URL_LINE);
      const fallback = run.lines.filter((l) => /Electron app is not available/.test(l));
      expect(fallback).toHaveLength(1);
      expect(run.lines[0]).toMatch(FALLBACK);
      const reason = run.lines[0]!.match(FALLBACK)![1]!;
      if (process.platform === 'linux') expect(reason).toMatch(/no display/);
      else expect(reason).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
      expect(run.lines).toContain(`Casebook is running in browser mode on notebook ${notebook}`);
      expect(existsSync(notebook)).toBe(true);

      const address = new URL(url!);
      const token = address.searchParams.get('token')!;
      const origin = address.origin;

      // With the token: the printed URL trades it for a cookie and the page loads.
      const entry = await fetch(address, { redirect: 'manual' });
      expect(entry.status).toBe(303);
      const cookie = entry.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`${origin}/`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      const info = await fetch(`${origin}/api/notebook.info`, {
        method: 'POST',
        headers: { 'X-Casebook-Token': token, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(info.status).toBe(200);
      expect(await info.json()).toMatchObject({ ok: true, value: { file: notebook } });

      // Without it: nothing.
      expect((await fetch(`${origin}/`)).status).toBe(401);
      expect((await fetch(`${origin}/api/notebook.info`, { method: 'POST', body: '{}' })).status).toBe(401);

      await stopAndCheck(run, origin);
    },
    STARTUP_MS + 30_000,
  );

  it(
    'serves the per-user default notebook when none is named',
    async () => {
      const home = tempDir();
      const config = join(home, 'config');
      const e = env({ HOME: home, USERPROFILE: home, XDG_CONFIG_HOME: config, APPDATA: config });
      const expected = defaultNotebookPath(e);
      expect(expected.startsWith(home)).toBe(true);

      const run = start([], e);
      const [, url] = await run.waitForLine(URL_LINE);
      expect(run.lines.filter((l) => FALLBACK.test(l))).toHaveLength(1);
      expect(run.lines).toContain(`Casebook is running in browser mode on notebook ${expected}`);
      expect(existsSync(expected)).toBe(true);
      await stopAndCheck(run, new URL(url!).origin);
    },
    STARTUP_MS + 30_000,
  );

  it.skipIf(process.platform === 'win32')(
    'tries to download Electron when there is a display, fails fast offline, and opens the browser instead',
    async () => {
      const dir = tempDir();
      // Electron's installer honours ELECTRON_MIRROR; a closed local port is "offline" anywhere.
      const mirror = `http://127.0.0.1:${await freePort()}/`;
      // Stand-ins for the system browser launchers, recording what they were asked to open.
      const bin = join(dir, 'bin');
      const opened = join(dir, 'opened.txt');
      mkdirSync(bin);
      for (const name of ['xdg-open', 'open']) {
        writeFileSync(join(bin, name), `#!/bin/sh\necho "$@" >> '${opened}'\n`);
        chmodSync(join(bin, name), 0o755);
      }
      const notebook = join(dir, 'y.casebook');
      const e = env({
        DISPLAY: ':987',
        ELECTRON_SKIP_BINARY_DOWNLOAD: undefined,
        ELECTRON_MIRROR: mirror,
        electron_config_cache: join(dir, 'electron-cache'),
        PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
      });
      delete e.ELECTRON_SKIP_BINARY_DOWNLOAD;

      const started = Date.now();
      const run = start(['--notebook', notebook], e);
      const [line, reason] = await run.waitForLine(FALLBACK);
      expect(reason).toMatch(/^could not download Electron \d+\.\d+\.\d+: .*ECONNREFUSED.*; offline\?$/);
      expect(Date.now() - started).toBeLessThan(30_000);
      const [, url] = await run.waitForLine(URL_LINE);
      expect(run.lines.filter((l) => l === line)).toHaveLength(1);
      expect(run.lines.filter((l) => /Electron app is not available/.test(l))).toHaveLength(1);

      // The web command opens the system browser on the printed URL when there is a display.
      await expect.poll(() => existsSync(opened) && readFileSync(opened, 'utf8').trim(), { timeout: 10_000 }).toBe(url);
      await stopAndCheck(run, new URL(url!).origin);
    },
    STARTUP_MS + 30_000,
  );
});
