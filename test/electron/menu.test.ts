import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions, type MenuOptions } from '../../src-main/electron/menu';

type Item = MenuItemConstructorOptions;

function build(overrides: Partial<MenuOptions> = {}) {
  const calls: string[] = [];
  const actions: MenuActions = {
    importPaths: (kind) => void calls.push(`import:${kind}`),
    newNotebook: () => void calls.push('new'),
    openNotebook: () => void calls.push('open'),
    openRecent: (file) => void calls.push(`recent:${file}`),
    clearRecent: () => void calls.push('clear'),
    showNotebookFile: () => void calls.push('show'),
  };
  const template = buildMenuTemplate({
    appName: 'Casebook',
    platform: 'linux',
    isPackaged: false,
    recent: [],
    actions,
    ...overrides,
  });
  return { template, calls };
}

const submenu = (item: Item | undefined): Item[] => (item?.submenu as Item[] | undefined) ?? [];
const top = (template: Item[], label: string): Item | undefined =>
  template.find((i) => i.label === label || i.role === label);
const find = (items: Item[], label: string): Item | undefined => items.find((i) => i.label === label);
const click = (item: Item | undefined): void => {
  const handler = item?.click as unknown as (() => void) | undefined;
  if (!handler) expect.fail(`no click handler on ${item?.label ?? 'a missing item'}`);
  handler();
};

describe('the native menu', () => {
  it('has File, Edit, View, Window and Help', () => {
    const { template } = build();
    expect(template.map((i) => i.label ?? i.role)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help']);
  });

  it('File offers import, new, open, recent and quit', () => {
    const { template, calls } = build();
    const file = submenu(top(template, 'File'));
    click(find(file, 'Import Files…'));
    click(find(file, 'Import Folder…'));
    click(find(file, 'New Notebook…'));
    click(find(file, 'Open Notebook…'));
    expect(calls).toEqual(['import:files', 'import:folder', 'new', 'open']);
    expect(file.at(-1)).toMatchObject({ role: 'quit' });
  });

  it('macOS picks files and folders in one dialog and quits from the app menu', () => {
    const { template, calls } = build({ platform: 'darwin' });
    expect(template[0]!.label).toBe('Casebook');
    expect(submenu(template[0]).some((i) => i.role === 'quit')).toBe(true);
    const file = submenu(top(template, 'File'));
    click(find(file, 'Import…'));
    expect(calls).toEqual(['import:any']);
    expect(find(file, 'Import Files…')).toBeUndefined();
  });

  it('Open Recent lists the given notebooks and can clear them', () => {
    const { template, calls } = build({ recent: ['/n/a.casebook', '/n/b.casebook'] });
    const recent = submenu(find(submenu(top(template, 'File')), 'Open Recent'));
    expect(recent.filter((i) => i.label?.endsWith('.casebook')).map((i) => i.label)).toEqual([
      '/n/a.casebook',
      '/n/b.casebook',
    ]);
    click(find(recent, '/n/b.casebook'));
    const clear = find(recent, 'Clear Recent');
    expect(clear?.enabled).toBe(true);
    click(clear);
    expect(calls).toEqual(['recent:/n/b.casebook', 'clear']);

    const empty = submenu(find(submenu(top(build().template, 'File')), 'Open Recent'));
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ label: 'Clear Recent', enabled: false });
  });

  it('Edit has the standard roles', () => {
    const roles = submenu(top(build().template, 'Edit')).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it('View offers reload and devtools only when not packaged', () => {
    const dev = submenu(top(build({ isPackaged: false }).template, 'View')).map((i) => i.role);
    expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    const packaged = submenu(top(build({ isPackaged: true }).template, 'View')).map((i) => i.role);
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).toContain('zoomIn');
  });

  it('Help shows the notebook file', () => {
    const { template, calls } = build();
    click(find(submenu(top(template, 'help')), 'Show Notebook File'));
    expect(calls).toEqual(['show']);
  });
});
