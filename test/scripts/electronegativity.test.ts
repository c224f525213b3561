import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

/*
 * The Electronegativity gate of `npm test` (scripts/electronegativity.mjs),
 * run over small built apps: it must fail on a window that turns protections
 * off and on an openExternal nobody reviewed, and pass the reviewed one.
 */

const SCRIPT = join(REPO_ROOT, 'scripts', 'electronegativity.mjs');
const tempDir = useTempDirs();

/** A built app as electron-vite lays it out: main/main.js and a renderer page. */
function app(main: string): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'main'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'main', 'main.js'), main);
  writeFileSync(
    join(dir, 'renderer', 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'"></head><body></body></html>`,
  );
  return dir;
}

const run = (dir: string) => spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', timeout: 120_000 });

const SAFE_WINDOW = `
const { app, BrowserWindow, shell } = require('electron');
const w = new BrowserWindow({
  webPreferences: {
    contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true,
    allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false,
    disableBlinkFeatures: 'Auxclick',
  },
});
app.on('web-contents-created', (e, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
require('electron').session.defaultSession.setPermissionRequestHandler((wc, p, cb) => cb(false));
`;

describe('scripts/electronegativity.mjs', () => {
  it('fails on a window with its protections off, naming the findings', () => {
    const dir = app(`
const { BrowserWindow } = require('electron');
const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });
w.loadURL('http://example.com/');
`);
    const result = run(dir);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    for (const id of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'HTTP_RESOURCES_JS_CHECK',
    ]) {
      expect(result.stderr).toContain(id);
    }
  }, 120_000);

  it('accepts the reviewed openExternal call and nothing else', () => {
    const reviewed = run(
      app(`${SAFE_WINDOW}\nconst openExternal = externalOpener((url) => shell.openExternal(url));\n`),
    );
    expect(reviewed.stderr).not.toContain('OPEN_EXTERNAL_JS_CHECK');
    expect(reviewed.stdout).toContain('accepted OPEN_EXTERNAL_JS_CHECK');

    const unreviewed = run(app(`${SAFE_WINDOW}\nipc.on('open', (e, link) => shell.openExternal(link));\n`));
    expect(unreviewed.status).toBe(1);
    expect(unreviewed.stderr).toContain('OPEN_EXTERNAL_JS_CHECK');
  }, 120_000);

  it('refuses to pass when there is no built app to check', () => {
    const result = run(tempDir());
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/npm run build/);
  });
});
