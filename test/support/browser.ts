import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openSession, type Session } from '../../src-main/api/session';
import { exportsDirOf } from '../../src-main/core/export/files';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { REPO_ROOT } from './tmp';

export const CHROMIUM = process.env.CASEBOOK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface App {
  dir: string;
  notebookFile: string;
  session: Session;
  server: WebServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * The real app in browser mode: a notebook in a temp folder, the built
 * renderer (out/renderer, made by `npm run build`), and a Chromium page on it.
 */
export async function startApp(): Promise<App> {
  const staticDir = join(REPO_ROOT, 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error('Run `npm run build` first: out/renderer is missing.');
  const dir = mkdtempSync(join(tmpdir(), 'casebook-e2e-'));
  const notebookFile = join(dir, 'e2e.casebook');
  const session = openSession(notebookFile, join(REPO_ROOT, 'resources'));
  const server = await startWebServer({
    router: session.router,
    staticDir,
    subscribe: session.subscribe,
    exportsDir: () => exportsDirOf(session.notebook().file),
  });
  const browser = await launchChromium();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  return {
    dir,
    notebookFile,
    session,
    server,
    browser,
    page,
    async close() {
      await browser.close();
      await server.close();
      await session.close();
      rmSync(dir, { recursive: true, force: true });
      if (errors.length > 0) throw new Error('Page errors: ' + errors.join('\n'));
    },
  };
}
