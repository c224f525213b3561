#!/usr/bin/env node
/**
 * `node scripts/electronegativity.mjs [dir]`: Doyensec's Electronegativity over
 * the built app (out/, after `electron-vite build`), offline. Fails on any
 * medium or high finding that is not in EXCEPTIONS with its reason, and on any
 * file the tool could not parse (a file it cannot read is a file it did not check).
 *
 * Offline: the tool's network check (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK,
 * which downloads Electron's release list) is excluded, and its HTTP client is
 * replaced by one that refuses, so its translation download cannot leave the
 * machine either (it falls back to its bundled English strings).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/**
 * Findings reviewed and accepted. `file` is a path relative to the scanned
 * folder; `sample` must occur in the flagged line, so an exception covers the
 * reviewed code and nothing that later lands beside it.
 */
export const EXCEPTIONS = [
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/main.js',
    sample: 'shell.openExternal(url)',
    reason:
      'The only call, wrapped by externalOpener (src-main/electron/security.ts), which passes nothing but http(s) ' +
      'URLs with a host and plain mailto: addresses (no attach=, no file paths); tested in test/electron/security.test.ts ' +
      'and pinned as the only call by test/electron/checklist.test.ts.',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main/main.js',
    sample: 'preload: PRELOAD',
    reason:
      'A review flag, not a fault: the sandboxed preload exposes one object derived from the contract through ' +
      'contextBridge (no ipcRenderer, no Node), and every IPC handler checks its sender; both pinned by ' +
      'test/electron/checklist.test.ts.',
  },
];

const SEVERITY_FLOOR = 2; // MEDIUM; HIGH is 3

/** Whether one exception covers a finding. */
export function excepted(issue, exceptions = EXCEPTIONS) {
  return exceptions.find(
    (e) =>
      e.id === issue.id && e.file === issue.file && typeof issue.sample === 'string' && issue.sample.includes(e.sample),
  );
}

/** The medium and high findings no exception covers. */
export function unexpected(issues, exceptions = EXCEPTIONS) {
  return issues.filter((i) => i.severity.value >= SEVERITY_FLOOR && !excepted(i, exceptions));
}

/** Exceptions that matched nothing: the code they excused has changed, so the reason may no longer hold. */
export function stale(issues, exceptions = EXCEPTIONS) {
  return exceptions.filter((e) => !issues.some((i) => excepted(i, [e])));
}

/** Electronegativity's HTTP client, replaced before the tool loads: every request fails at once. */
function stubNetwork(toolDir) {
  const refuse = () => Promise.reject(new Error('Casebook runs Electronegativity offline'));
  const stub = Object.assign(refuse, { head: refuse, get: refuse, post: refuse, extend: () => stub });
  const gotPath = require.resolve('got', { paths: [join(toolDir, 'dist')] });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: stub };
}

/** Runs the tool over `input` and returns its raw result ({ issues, errors }). */
export async function scan(input) {
  const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  stubNetwork(toolDir);
  const electronVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
  const run = require(toolDir);
  const log = console.log;
  // The tool prints a line about the translations it could not fetch; that is the point.
  console.log = (...args) => {
    if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args);
  };
  try {
    return await (run.default ?? run)({
      input,
      isRelative: true,
      excludeFromScan: EXCLUDED_CHECKS,
      electronVersionOverride: electronVersion,
    });
  } finally {
    console.log = log;
  }
}

const where = (i) => `${i.id} ${i.file}:${i.location.line} (${i.severity.name}, ${i.confidence.name})`;

async function main() {
  const input = process.argv[2] ?? join(ROOT, 'out');
  if (!existsSync(join(input, 'main', 'main.js'))) {
    console.error(
      `electronegativity: ${relative(ROOT, input) || input}/main/main.js is missing; run \`npm run build\` first.`,
    );
    process.exit(2);
  }
  const result = await scan(input);
  const failed = result.errors.filter((e) => !e.tolerable);
  const bad = unexpected(result.issues);
  for (const e of stale(result.issues)) {
    console.warn(`electronegativity: exception ${e.id} ${e.file} matched nothing; remove it or update it.`);
  }
  for (const i of result.issues.filter((i) => excepted(i))) {
    console.log(`electronegativity: accepted ${where(i)}: ${excepted(i).reason}`);
  }
  for (const e of failed) console.error(`electronegativity: could not check ${e.file}: ${e.message}`);
  for (const i of bad) console.error(`electronegativity: ${where(i)}: ${i.description}\n    ${i.sample ?? ''}`);
  if (failed.length > 0 || bad.length > 0) process.exit(1);
  console.log(
    `electronegativity: no unexplained medium or high findings in ${relative(ROOT, input) || input} ` +
      `(${result.issues.length} findings, ${result.issues.length - bad.length} low or accepted).`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
