import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notebookFlag, sqliteBindingPath } from '../../src-main/electron/startup';

describe('notebookFlag', () => {
  it('reads --notebook among Chromium switches and positionals', () => {
    expect(notebookFlag(['--notebook', '/n/x.casebook'])).toBe('/n/x.casebook');
    expect(notebookFlag(['--notebook=/n/y.casebook'])).toBe('/n/y.casebook');
    expect(notebookFlag(['--enable-logging', '--notebook', 'z.casebook', '--inspect=9229', 'extra'])).toBe(
      'z.casebook',
    );
    expect(notebookFlag([])).toBeUndefined();
    expect(notebookFlag(['--no-sandbox'])).toBeUndefined();
    expect(notebookFlag(['--notebook='])).toBeUndefined();
  });
});

describe('sqliteBindingPath', () => {
  it('prefers CASEBOOK_SQLITE_BINDING, else the Electron build beside node_modules', () => {
    expect(sqliteBindingPath({ CASEBOOK_SQLITE_BINDING: '/x/b.node' }, '/app', '40.8.5')).toBe('/x/b.node');
    expect(sqliteBindingPath({}, '/app', '40.8.5')).toBe(
      join('/app', 'node_modules', '.casebook-electron', '40.8.5', 'better_sqlite3.node'),
    );
  });
});
