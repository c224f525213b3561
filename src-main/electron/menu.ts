/**
 * The native menu, as a template built from plain data so it is unit tested
 * without Electron. Actions are the main process's; roles are Electron's.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** `any`: one dialog for files and folders (macOS can); else files or a folder. */
  importPaths(kind: 'any' | 'files' | 'folder'): void;
  newNotebook(): void;
  openNotebook(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  showNotebookFile(): void;
}

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** Existing recent notebooks, newest first. */
  recent: readonly string[];
  actions: MenuActions;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate({
  appName,
  platform,
  isPackaged,
  recent,
  actions,
}: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';

  // On Windows and Linux one dialog cannot pick both files and folders.
  const importItems: MenuItemConstructorOptions[] = mac
    ? [{ label: 'Import…', click: () => actions.importPaths('any') }]
    : [
        { label: 'Import Files…', click: () => actions.importPaths('files') },
        { label: 'Import Folder…', click: () => actions.importPaths('folder') },
      ];

  const recentItems: MenuItemConstructorOptions[] =
    recent.length > 0
      ? [...recent.map((file) => ({ label: file, click: () => actions.openRecent(file) })), separator]
      : [];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      ...importItems,
      separator,
      { label: 'New Notebook…', click: () => actions.newNotebook() },
      { label: 'Open Notebook…', accelerator: 'CmdOrCtrl+O', click: () => actions.openNotebook() },
      {
        label: 'Open Recent',
        submenu: [
          ...recentItems,
          { label: 'Clear Recent', enabled: recent.length > 0, click: () => actions.clearRecent() },
        ],
      },
      separator,
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      // Reloading and devtools are for development; a packaged app hides them.
      ...(isPackaged
        ? []
        : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator] as const)),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Show Notebook File', click: () => actions.showNotebookFile() },
      ...(mac ? [] : [separator, { role: 'about', label: `About ${appName}` } as const]),
    ],
  };

  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { role: 'about' },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, { role: 'windowMenu' }, help];
}
