import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RECENT, parseRecent, recentNotebooks, withRecent } from '../../src-main/electron/recent';
import { useTempDirs } from '../support/tmp';

describe('withRecent', () => {
  it('puts the notebook first, once, keeping at most ten', () => {
    expect(withRecent(['/a', '/b'], '/c')).toEqual(['/c', '/a', '/b']);
    expect(withRecent(['/a', '/b', '/c'], '/b')).toEqual(['/b', '/a', '/c']);
    const many = Array.from({ length: 12 }, (_, i) => `/n${i}`);
    const list = withRecent(many, '/new');
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toBe('/new');
    expect(list.at(-1)).toBe('/n8');
  });

  it('stores absolute paths', () => {
    expect(withRecent([], 'rel/x.casebook')).toEqual([resolve('rel/x.casebook')]);
  });
});

describe('parseRecent', () => {
  it('tolerates damaged or foreign files', () => {
    expect(parseRecent('')).toEqual([]);
    expect(parseRecent('{not json')).toEqual([]);
    expect(parseRecent('null')).toEqual([]);
    expect(parseRecent('[1,2]')).toEqual([]);
    expect(parseRecent('{"notebooks":"x"}')).toEqual([]);
    expect(parseRecent(JSON.stringify({ notebooks: ['/a', 3, null, '', '/a', '/b'] }))).toEqual(['/a', '/b']);
  });
});

describe('recentNotebooks', () => {
  const tempDir = useTempDirs();

  const notebooks = (dir: string, n: number): string[] =>
    Array.from({ length: n }, (_, i) => {
      const file = join(dir, `nb${i}.casebook`);
      writeFileSync(file, '');
      return file;
    });

  it('persists the list as JSON in the given folder, newest first', () => {
    const dir = tempDir();
    const store = join(dir, 'userData', 'recent-notebooks.json');
    const [a, b] = notebooks(dir, 2) as [string, string];
    const recent = recentNotebooks(store);
    expect(recent.list()).toEqual([]);
    recent.add(a);
    recent.add(b);
    recent.add(a);
    expect(recent.list()).toEqual([a, b]);
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({ version: 1, notebooks: [a, b] });
    // A fresh reader (the next launch) sees the same list.
    expect(recentNotebooks(store).list()).toEqual([a, b]);
  });

  it('offers only notebooks that still exist, and at most ten', () => {
    const dir = tempDir();
    const store = join(dir, 'recent.json');
    const files = notebooks(dir, 12);
    const recent = recentNotebooks(store);
    for (const f of files) recent.add(f);
    expect(recent.list()).toEqual(files.slice(2).reverse());

    const gone = join(dir, 'gone.casebook');
    recent.add(gone);
    expect(existsSync(gone)).toBe(false);
    expect(recent.list()).not.toContain(gone);
    expect(recent.list()).toHaveLength(9);
  });

  it('removes one notebook and clears them all', () => {
    const dir = tempDir();
    const recent = recentNotebooks(join(dir, 'recent.json'));
    const [a, b] = notebooks(dir, 2) as [string, string];
    recent.add(a);
    recent.add(b);
    recent.remove(b);
    expect(recent.list()).toEqual([a]);
    recent.clear();
    expect(recent.list()).toEqual([]);
  });

  it('starts empty when the stored file is damaged', () => {
    const dir = tempDir();
    const store = join(dir, 'recent.json');
    writeFileSync(store, '\u0000garbage');
    const recent = recentNotebooks(store);
    expect(recent.list()).toEqual([]);
    const [a] = notebooks(dir, 1) as [string];
    recent.add(a);
    expect(recent.list()).toEqual([a]);
  });
});
