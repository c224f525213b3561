import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExportFormat } from '../dossiers/types';

/** Where a notebook's exports go: an `Exports` folder beside the notebook file. */
export const exportsDirOf = (notebookFile: string): string => join(dirname(notebookFile), 'Exports');

export const EXTENSIONS: Record<ExportFormat, string> = { pdf: 'pdf', html: 'html', md: 'md', json: 'json' };

/** Characters no file system of the three platforms takes in a name, and the ones that would hide the file. */
// eslint-disable-next-line no-control-regex -- control characters are among the unsafe ones
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A file name from a dossier title: readable, safe on Windows, macOS and Linux, at most 100 characters. */
export function safeFileName(title: string): string {
  let name = title.normalize('NFC').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (name.length > 100) name = name.slice(0, 100).replace(/[.\s]+$/, '');
  if (!name || RESERVED.test(name)) name = `Dossier${name ? ` ${name}` : ''}`;
  return name;
}

/**
 * Writes bytes to `dir/name.ext`, or `name (2).ext` and so on when that is
 * taken: an export never replaces an earlier one. The bytes go to a hidden
 * temporary file first and are linked into place in one step, so a crash or a
 * cancelled export never leaves half a file under the real name.
 */
export function writeNew(dir: string, name: string, ext: string, bytes: Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${randomBytes(8).toString('hex')}.part`);
  writeFileSync(temp, bytes, { flag: 'wx' });
  try {
    for (let n = 1; n < 10_000; n++) {
      const path = join(dir, `${name}${n === 1 ? '' : ` (${n})`}.${ext}`);
      try {
        // link() fails when the name exists, where rename() would replace it.
        linkSync(temp, path);
        return path;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // File systems without hard links (FAT, some network shares): check, then rename.
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
          if (existsSync(path)) continue;
          renameSync(temp, path);
          return path;
        }
        throw err;
      }
    }
    throw new Error(`Too many exports named ${name} in ${dir}.`);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Writes bytes to exactly `path` (the CLI's --pdf FILE), replacing it only once the whole file is written. */
export function writeReplacing(path: string, bytes: Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  writeFileSync(temp, bytes, { flag: 'wx' });
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
