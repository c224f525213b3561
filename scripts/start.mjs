#!/usr/bin/env node
/**
 * `npm start [-- --notebook FILE]`: the Electron app when it can run here,
 * otherwise browser mode, with one line saying why.
 *
 * The Electron app needs (1) a screen, (2) Electron's binary, which npm does not
 * fetch for us (package.json `allowScripts` turns its install script off), so we
 * run Electron's own installer on first start, honouring its environment
 * (ELECTRON_SKIP_BINARY_DOWNLOAD, ELECTRON_MIRROR, electron_config_cache, …),
 * and (3) better-sqlite3 built for Electron's ABI. That build lives in
 * node_modules/.casebook-electron/<electron version>/, apart from the Node build
 * that tests and the CLI load, so neither runtime breaks the other.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const MODULES = join(ROOT, 'node_modules');
const ELECTRON_DIR = join(MODULES, 'electron');
const SQLITE_DIR = join(MODULES, 'better-sqlite3');
const DOWNLOAD_TIMEOUT_MS = 120_000;
const PREBUILT_TIMEOUT_MS = 120_000;
const COMPILE_TIMEOUT_MS = 20 * 60_000;
/** Quiet steps that run longer than this say what they are doing (on stderr). */
const SLOW_NOTICE_MS = 5_000;
const POSIX = process.platform !== 'win32';
const args = process.argv.slice(2);

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, output: string, timedOut: boolean, error?: Error }} RunResult
 * @typedef {{ ok: true, value: string } | { ok: false, reason: string }} Outcome
 */

/** Set when the user stops `npm start` while a helper (download, compile, build) runs. */
class Interrupted extends Error {
  /** @param {NodeJS.Signals} signal */
  constructor(signal) {
    super(`interrupted by ${signal}`);
    this.signal = signal;
  }
}

const STOP_SIGNALS = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);

/**
 * Runs a helper command with its output captured, killed after `timeoutMs`.
 * On POSIX it runs in its own process group, so a timeout or Ctrl+C stops the
 * whole tree (node-gyp's compilers too), and Ctrl+C then stops us: it rejects
 * with Interrupted.
 * @param {string} command
 * @param {string[]} commandArgs
 * @param {{ cwd: string, timeoutMs: number, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<RunResult>}
 */
function run(command, commandArgs, { cwd, timeoutMs, env = process.env }) {
  return new Promise((resolveRun, rejectRun) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let timedOut = false;
    /** @type {NodeJS.Signals | null} */
    let interrupted = null;
    const child = spawn(command, commandArgs, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      detached: POSIX,
    });
    const killTree = () => {
      try {
        if (POSIX && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
      interrupted = signal;
      killTree();
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    const timer = setTimeout(() => {
      timedOut = true;
      killTree();
    }, timeoutMs);
    /** @type {Error | undefined} */
    let error;
    child.on('error', (err) => (error = err));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
      const output = Buffer.concat(chunks).toString('utf8');
      if (process.env.CASEBOOK_START_DEBUG) process.stderr.write(`$ ${command} ${commandArgs.join(' ')}\n${output}\n`);
      if (interrupted) rejectRun(new Interrupted(interrupted));
      else resolveRun({ code, signal, output, timedOut, error });
    });
  });
}

/**
 * Awaits `promise`, printing `notice` on stderr if it takes a while, so a long
 * download or compile does not look like a hang (and a quick failure stays silent).
 * @template T
 * @param {string} notice
 * @param {Promise<T>} promise
 * @returns {Promise<T>}
 */
async function withSlowNotice(notice, promise) {
  const timer = setTimeout(() => process.stderr.write(`Casebook: ${notice}\n`), SLOW_NOTICE_MS);
  try {
    return await promise;
  } finally {
    clearTimeout(timer);
  }
}

const NETWORK_ERROR =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up)\b/;

/**
 * The one line of a tool's output that says what went wrong, shortened.
 * @param {RunResult} result
 */
function failureOf(result) {
  if (result.timedOut) return 'timed out';
  if (result.error) return result.error.message;
  const lines = result.output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const line =
    lines.find((l) => NETWORK_ERROR.test(l)) ??
    lines.find((l) => /^(gyp ERR! )?(stack )?\w*Error:/.test(l)) ??
    lines.find((l) => /\bERR!/.test(l)) ??
    lines.find((l) => /error/i.test(l)) ??
    lines.at(-1) ??
    (result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`);
  const message = line
    .replace(/^prebuild-install (warn|err!?)\s+\w+\s+/i, '')
    .replace(/^gyp ERR!\s+(stack\s+)?/, '')
    .replace(/^\w*Error:\s*/, '')
    .replace(/\s+/g, ' ');
  return message.length > 120 ? `${message.slice(0, 119)}…` : message;
}

/**
 * Whether a tool failed for want of the network (node-gyp says so in prose).
 * @param {RunResult} result
 */
const offline = (result) => NETWORK_ERROR.test(result.output) || /network connectivity/i.test(result.output);

/** @param {string} file */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Where Electron's binary is, resolved the way node_modules/electron/index.js does. */
function electronBinary() {
  let relative = '';
  try {
    relative = readFileSync(join(ELECTRON_DIR, 'path.txt'), 'utf8');
  } catch {
    // Not downloaded yet.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, relative || 'electron');
  return relative ? join(ELECTRON_DIR, 'dist', relative) : null;
}

/**
 * Electron's binary, downloading it with Electron's own installer if needed.
 * @param {string} version
 * @returns {Promise<Outcome>}
 */
async function ensureElectron(version) {
  const existing = electronBinary();
  if (existing && existsSync(existing)) return { ok: true, value: existing };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { ok: false, reason: 'Electron is not downloaded and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  }
  const result = await withSlowNotice(
    `downloading Electron ${version} (once)…`,
    run(process.execPath, [join(ELECTRON_DIR, 'install.js')], { cwd: ELECTRON_DIR, timeoutMs: DOWNLOAD_TIMEOUT_MS }),
  );
  if (result.timedOut) {
    return {
      ok: false,
      reason: `could not download Electron ${version} within ${DOWNLOAD_TIMEOUT_MS / 1000} s; offline or a slow network?`,
    };
  }
  if (result.code !== 0 || result.error) {
    return {
      ok: false,
      reason: `could not download Electron ${version}: ${failureOf(result)}${offline(result) ? '; offline?' : ''}`,
    };
  }
  const downloaded = electronBinary();
  if (downloaded && existsSync(downloaded)) return { ok: true, value: downloaded };
  return {
    ok: false,
    reason: `Electron's installer finished but its binary is missing (${downloaded ?? 'no path.txt'})`,
  };
}

/** npm's bundled node-gyp: npm tells scripts where it is; else find npm's own install. */
function findNodeGyp() {
  const require = createRequire(join(ROOT, 'package.json'));
  /** @type {string[]} */
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // Not a project dependency; npm has one.
  }
  const npmCli = process.env.npm_execpath;
  if (npmCli) candidates.push(join(dirname(dirname(npmCli)), 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const npm = join(dir, POSIX ? 'npm' : 'npm.cmd');
    if (!dir || !existsSync(npm)) continue;
    try {
      const npmRoot = POSIX ? dirname(dirname(realpathSync(npm))) : join(dir, 'node_modules', 'npm');
      candidates.push(join(npmRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
    } catch {
      // A broken link; try the next.
    }
  }
  return candidates.find((c) => c.endsWith('.js') && existsSync(c)) ?? null;
}

/**
 * better-sqlite3 for Electron's ABI at node_modules/.casebook-electron/<version>/,
 * built once per Electron and better-sqlite3 version: a prebuilt binary if one
 * downloads, else compiled with node-gyp against Electron's headers.
 * @param {string} version
 * @returns {Promise<Outcome>}
 */
async function ensureSqliteForElectron(version) {
  const given = process.env.CASEBOOK_SQLITE_BINDING;
  if (given) {
    return existsSync(given)
      ? { ok: true, value: given }
      : { ok: false, reason: `CASEBOOK_SQLITE_BINDING names a missing file (${given})` };
  }
  const outDir = join(MODULES, '.casebook-electron', version);
  const target = join(outDir, 'better_sqlite3.node');
  const stampFile = join(outDir, 'better_sqlite3.json');
  const stamp = JSON.stringify({
    betterSqlite3: readJson(join(SQLITE_DIR, 'package.json')).version,
    electron: version,
    platform: process.platform,
    arch: process.arch,
  });
  try {
    if (existsSync(target) && readFileSync(stampFile, 'utf8') === stamp) return { ok: true, value: target };
  } catch {
    // No stamp: build.
  }

  const failBecause = (/** @type {string} */ why) => ({
    ok: /** @type {const} */ (false),
    reason: `could not build better-sqlite3 for Electron ${version}: ${why}`,
  });
  const tmp = mkdtempSync(join(tmpdir(), 'casebook-sqlite-electron-'));
  try {
    // A private copy, so the Node build in node_modules/better-sqlite3 stays as it is.
    const work = join(tmp, 'better-sqlite3');
    const buildDir = join(SQLITE_DIR, 'build');
    cpSync(SQLITE_DIR, work, {
      recursive: true,
      filter: (src) => src !== buildDir && !src.startsWith(buildDir + sep),
    });
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    const electronTarget = [`--runtime=electron`, `--target=${version}`, `--arch=${process.arch}`];

    const require = createRequire(join(SQLITE_DIR, 'package.json'));
    const prebuilt = await withSlowNotice(
      `fetching the database module for Electron ${version} (once)…`,
      run(process.execPath, [require.resolve('prebuild-install/bin.js'), ...electronTarget], {
        cwd: work,
        timeoutMs: PREBUILT_TIMEOUT_MS,
      }),
    );
    if (prebuilt.code !== 0 || !existsSync(built)) {
      const noPrebuilt = `no prebuilt binary, ${failureOf(prebuilt)}`;
      const gyp = findNodeGyp();
      if (!gyp) return failBecause(`${noPrebuilt}; node-gyp not found to compile it`);
      rmSync(join(work, 'build'), { recursive: true, force: true });
      const compiled = await withSlowNotice(
        `compiling the database module for Electron ${version} (once, takes a few minutes)…`,
        run(
          process.execPath,
          [gyp, 'rebuild', '--release', ...electronTarget, '--dist-url=https://electronjs.org/headers'],
          { cwd: work, timeoutMs: COMPILE_TIMEOUT_MS },
        ),
      );
      if (compiled.code !== 0 || !existsSync(built)) {
        const gypWhy = /network connectivity/i.test(compiled.output)
          ? "could not download Electron's headers"
          : failureOf(compiled);
        const hint = offline(prebuilt) || offline(compiled) ? '; offline?' : '';
        return failBecause(`${noPrebuilt}; compiling failed, ${gypWhy}${hint}`);
      }
    }
    mkdirSync(outDir, { recursive: true });
    // Copy then rename, so an interrupted start never leaves half a binary behind.
    copyFileSync(built, `${target}.tmp`);
    renameSync(`${target}.tmp`, target);
    writeFileSync(stampFile, stamp);
    return { ok: true, value: target };
  } catch (err) {
    if (err instanceof Interrupted) throw err;
    return failBecause(/** @type {Error} */ (err).message);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs the app (Electron or browser mode) in the foreground: signals are
 * forwarded, its exit code becomes ours. On POSIX the child gets its own process
 * group so a Ctrl+C reaches it once, through us, not also from the terminal
 * (npm forwards the signal to us too; a burst of the same signal counts once).
 * @param {string} command
 * @param {string[]} commandArgs
 * @param {NodeJS.ProcessEnv} env
 */
function runForeground(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: ROOT, env, stdio: 'inherit', detached: POSIX });
  /** @type {Map<string, number>} */
  const lastForwarded = new Map();
  /** @type {Array<[NodeJS.Signals, () => void]>} */
  const handlers = [];
  for (const signal of STOP_SIGNALS) {
    const handler = () => {
      // On Windows the console delivers Ctrl+C to every process itself.
      if (!POSIX || child.exitCode !== null || child.signalCode !== null) return;
      const now = Date.now();
      if (now - (lastForwarded.get(signal) ?? 0) < 1_000) return;
      lastForwarded.set(signal, now);
      // A closed terminal means "stop", and the child has no terminal to lose.
      child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
    };
    process.on(signal, handler);
    handlers.push([signal, handler]);
  }
  child.on('error', (err) => {
    process.stderr.write(`Casebook: cannot start ${command}: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const [s, h] of handlers) process.off(s, h);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

/** @param {string} reason */
function startBrowserMode(reason) {
  process.stdout.write(`Casebook: the Electron app is not available (${reason}); starting browser mode instead.\n`);
  const tsx = join(MODULES, 'tsx', 'dist', 'cli.mjs');
  runForeground(
    process.execPath,
    [tsx, join(ROOT, 'src-main', 'cli', 'main.ts'), 'web', '--open', ...args],
    process.env,
  );
}

async function main() {
  if (!existsSync(join(ELECTRON_DIR, 'package.json'))) return startBrowserMode('the electron package is not installed');
  if (!hasDisplay()) return startBrowserMode('no display: neither DISPLAY nor WAYLAND_DISPLAY is set');
  const version = readJson(join(ELECTRON_DIR, 'package.json')).version;

  const electron = await ensureElectron(version);
  if (!electron.ok) return startBrowserMode(electron.reason);
  const sqlite = await ensureSqliteForElectron(version);
  if (!sqlite.ok) return startBrowserMode(sqlite.reason);

  const build = await withSlowNotice(
    'building the app…',
    run(process.execPath, [join(MODULES, 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: ROOT,
      timeoutMs: 10 * 60_000,
    }),
  );
  if (build.code !== 0) {
    process.stderr.write(`${build.output}\nCasebook: building the app failed (electron-vite build, output above).\n`);
    process.exit(1);
  }

  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, CASEBOOK_SQLITE_BINDING: sqlite.value };
  // Set by some tools; it would make the Electron binary behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  runForeground(electron.value, ['.', ...args], env);
}

main().catch((err) => {
  // Stopped while preparing: leave the way the signal says (our handlers are gone by now).
  if (err instanceof Interrupted) return void process.kill(process.pid, err.signal);
  process.stderr.write(`Casebook: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
