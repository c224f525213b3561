import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, rendererDir } from './paths';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Browser mode serves the built renderer. Build it when it is missing or older
 * than its sources, so `npm run web` works right after `npm install`.
 */
export async function ensureRendererBuilt(log: (line: string) => void): Promise<string> {
  const out = rendererDir();
  const index = join(out, 'index.html');
  const root = projectRoot();
  const sources = Math.max(
    newestMtime(join(root, 'src-renderer')),
    statSync(join(root, 'src-main/api/contract.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return out;
  log('Building the Casebook interface (once after each update)…');
  const [{ build }, { rendererConfig }] = await Promise.all([import('vite'), import('../../electron.vite.config')]);
  await build({ ...rendererConfig, configFile: false, logLevel: 'warn' });
  return out;
}
