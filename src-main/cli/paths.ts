import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout (or unpacked app) this code runs from: the folder with our package.json. */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'casebook') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Casebook installation folder.');
    dir = parent;
  }
}

export const resourcesDir = (): string => join(projectRoot(), 'resources');
export const rendererDir = (): string => join(projectRoot(), 'out', 'renderer');
