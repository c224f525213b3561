/**
 * The Electron main process: one window on one notebook, the contract over
 * IPC, the native menu. Security rules live in security.ts and protocol.ts,
 * IPC wiring in ipc.ts; this file only puts them together.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session as electronSession,
  shell,
  type OpenDialogOptions,
} from 'electron';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL, type CasebookEvent } from '../api/contract';
import { openSession, type Session } from '../api/session';
import { resolveNotebookPath } from '../core/db/notebook';
import { toErrorInfo } from '../core/errors';
import { flushPendingEdits } from './flush';
import { electronPrinter } from './pdf-printer';
import { forwardEvents, registerIpc } from './ipc';
import { buildMenuTemplate, type MenuActions } from './menu';
import { APP_SCHEME_PRIVILEGES, serveApp } from './protocol';
import { recentNotebooks } from './recent';
import { APP_ENTRY_URL, externalOpener, hardenSession, hardenWebContents } from './security';
import { notebookFlag, sqliteBindingPath } from './startup';

// out/main/main.js, beside out/preload and out/renderer (inside an asar too).
const here = dirname(fileURLToPath(import.meta.url));
const PRELOAD = join(here, '..', 'preload', 'preload.cjs');
const RENDERER_DIR = join(here, '..', 'renderer');
const NOTEBOOK_FILTERS = [{ name: 'Casebook notebooks', extensions: ['casebook'] }];

// Both must happen before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Casebook is running; it focuses its window on 'second-instance'.
  app.quit();
} else {
  main();
}

function main(): void {
  let session: Session | null = null;
  let win: BrowserWindow | null = null;
  const teardowns: Array<() => void> = [];
  const recent = recentNotebooks(join(app.getPath('userData'), 'recent-notebooks.json'));
  const resourcesDir = join(app.getAppPath(), 'resources');

  // The one way out of the app: externalOpener checks every URL first.
  const openExternal = externalOpener((url) => shell.openExternal(url));

  /** Menu actions run async; a failure becomes a dialog, never an unhandled rejection. */
  const guard =
    <A extends unknown[]>(fn: (...args: A) => void | Promise<void>) =>
    (...args: A): void => {
      Promise.resolve()
        .then(() => fn(...args))
        .catch((err: unknown) => {
          console.error(err);
          dialog.showErrorBox('Casebook', toErrorInfo(err).message);
        });
    };

  /** The recent list is a convenience: failing to write it must not fail the action. */
  const quietly = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      console.error('recent notebooks:', err);
    }
  };

  const current = (): Session => {
    if (!session) throw new Error('No notebook is open.');
    return session;
  };

  const updateTitle = (): void => {
    if (session && win && !win.isDestroyed()) win.setTitle(`${basename(session.notebook().file)} — Casebook`);
  };

  const rebuildMenu = (): void => {
    let list: string[] = [];
    quietly(() => (list = recent.list()));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          appName: app.name,
          platform: process.platform,
          isPackaged: app.isPackaged,
          recent: list,
          actions,
        }),
      ),
    );
  };

  const noteOpened = (file: string): void => {
    quietly(() => recent.add(file));
    app.addRecentDocument(file);
    updateTitle();
    rebuildMenu();
  };

  /** Opens another notebook in place of the current one; on failure the current one stays. */
  const switchTo = async (file: string): Promise<void> => {
    const s = current();
    // The window's last note edits belong to the notebook it is leaving.
    if (win && !win.isDestroyed()) await flushPendingEdits(win.webContents);
    if (resolve(file) !== s.notebook().file) {
      try {
        s.switchNotebook(file);
      } catch (err) {
        dialog.showErrorBox('Casebook cannot open this notebook', toErrorInfo(err).message);
        return;
      }
    }
    noteOpened(s.notebook().file);
    if (win && !win.isDestroyed()) win.webContents.reload();
    else createWindow();
  };

  const pickNotebook = async (): Promise<string | undefined> => {
    const options: OpenDialogOptions = { title: 'Open Notebook', filters: NOTEBOOK_FILTERS, properties: ['openFile'] };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  };

  const actions: MenuActions = {
    importPaths: guard(async (kind: 'any' | 'files' | 'folder') => {
      const properties: OpenDialogOptions['properties'] =
        kind === 'folder'
          ? ['openDirectory', 'multiSelections']
          : kind === 'files'
            ? ['openFile', 'multiSelections']
            : ['openFile', 'openDirectory', 'multiSelections'];
      const options: OpenDialogOptions = { title: 'Import', buttonLabel: 'Import', properties };
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      if (picked.canceled || picked.filePaths.length === 0) return;
      // The window runs the import, so a menu import shows the same progress, cancel and report as a drop.
      if (win && !win.isDestroyed()) {
        const event: CasebookEvent<'import.requested'> = {
          name: 'import.requested',
          payload: { paths: picked.filePaths },
        };
        win.webContents.send(IPC_EVENT_CHANNEL, event);
      }
    }),
    newNotebook: guard(async () => {
      const options = {
        title: 'New Notebook',
        buttonLabel: 'Create',
        defaultPath: join(app.getPath('documents'), 'Notebook.casebook'),
        filters: NOTEBOOK_FILTERS,
        properties: ['createDirectory' as const],
      };
      const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (picked.canceled || !picked.filePath) return;
      const file =
        extname(picked.filePath).toLowerCase() === '.casebook' ? picked.filePath : `${picked.filePath}.casebook`;
      // "New" never replaces anything: months of work may be in that file.
      if (existsSync(file)) {
        dialog.showErrorBox(
          'Casebook will not overwrite a file',
          `${file} already exists. Choose another name, or use File → Open Notebook… to open it.`,
        );
        return;
      }
      await switchTo(file);
    }),
    openNotebook: guard(async () => {
      const file = await pickNotebook();
      if (file) await switchTo(file);
    }),
    openRecent: guard(async (file: string) => {
      if (!existsSync(file)) {
        dialog.showErrorBox('Casebook cannot open this notebook', `${file} no longer exists.`);
        quietly(() => recent.remove(file));
        rebuildMenu();
        return;
      }
      await switchTo(file);
    }),
    clearRecent: guard(() => {
      quietly(() => recent.clear());
      app.clearRecentDocuments();
      rebuildMenu();
    }),
    showNotebookFile: guard(() => shell.showItemInFolder(current().notebook().file)),
  };

  function createWindow(): void {
    const w = new BrowserWindow({
      width: 1280,
      height: 860,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Casebook',
      webPreferences: {
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        // A middle click opens a link in a new window without a 'click' event; new windows are denied anyway.
        disableBlinkFeatures: 'Auxclick',
        // Chromium fetches Hunspell dictionaries from the network on Windows and
        // Linux; Casebook makes no network requests. macOS spells natively.
        spellcheck: process.platform === 'darwin',
        devTools: !app.isPackaged,
      },
    });
    win = w;
    w.once('ready-to-show', () => w.show());
    // The window title names the notebook, whatever the page calls itself.
    w.on('page-title-updated', (event) => event.preventDefault());
    // Closing waits for the renderer to save pending note edits (bounded), then closes for real.
    let flushed = false;
    w.on('close', (event) => {
      if (flushed) return;
      event.preventDefault();
      void flushPendingEdits(w.webContents).finally(() => {
        flushed = true;
        if (!w.isDestroyed()) w.close();
      });
    });
    const stopEvents = forwardEvents(current(), w.webContents);
    w.on('closed', () => {
      stopEvents();
      if (win === w) win = null;
    });
    updateTitle();
    w.loadURL(APP_ENTRY_URL).catch((err: unknown) => console.error('Cannot load the Casebook window:', err));
  }

  /** The notebook to start on; on failure the analyst may pick another or quit. The file is never touched. */
  const openFirstSession = (file: string, nativeBinding: string): Session | null => {
    let candidate: string | undefined = file;
    while (candidate) {
      try {
        // Dossiers print with the app's own Chromium; exports are files on disk, not downloads.
        return openSession(candidate, resourcesDir, {
          nativeBinding,
          printer: electronPrinter(),
          exportDownloads: false,
          // Rolling backups and the watch on the notebook file (issue 8).
          autoBackup: true,
        });
      } catch (err) {
        const choice = dialog.showMessageBoxSync({
          type: 'error',
          title: 'Casebook',
          message: 'Casebook cannot open this notebook.',
          detail: toErrorInfo(err).message,
          buttons: ['Open Another Notebook…', 'Quit'],
          defaultId: 0,
          cancelId: 1,
          noLink: true,
        });
        if (choice !== 0) return null;
        candidate = dialog.showOpenDialogSync({
          title: 'Open Notebook',
          filters: NOTEBOOK_FILTERS,
          properties: ['openFile'],
        })?.[0];
      }
    }
    return null;
  };

  const start = (): void => {
    const electronVersion = process.versions.electron ?? 'unknown';
    const binding = sqliteBindingPath(process.env, app.getAppPath(), electronVersion);
    if (!existsSync(binding)) {
      dialog.showErrorBox(
        'Casebook cannot start',
        `The database module built for Electron ${electronVersion} is missing:\n${binding}\n\nStart Casebook with "npm start", which builds it.`,
      );
      app.exit(1);
      return;
    }
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      dialog.showErrorBox(
        'Casebook cannot start',
        `The interface is not built (${RENDERER_DIR}).\n\nStart Casebook with "npm start", which builds it.`,
      );
      app.exit(1);
      return;
    }
    hardenSession(electronSession.defaultSession);
    serveApp(electronSession.defaultSession.protocol, RENDERER_DIR);

    // `electron . --notebook F` in development, `Casebook --notebook F` when packaged.
    const args = process.argv.slice(process.defaultApp ? 2 : 1);
    session = openFirstSession(resolveNotebookPath(notebookFlag(args), process.env), binding);
    if (!session) {
      app.quit();
      return;
    }
    teardowns.push(registerIpc(ipcMain, session.router));
    noteOpened(session.notebook().file);
    createWindow();
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (session && !win) createWindow();
  });
  // Stop imports and close the notebook (checkpointing its WAL) before the process goes.
  app.on('will-quit', (event) => {
    if (!session) return;
    event.preventDefault();
    for (const teardown of teardowns.splice(0)) teardown();
    const closing = session;
    session = null;
    closing
      .close()
      .catch((err: unknown) => console.error('closing the notebook:', err))
      .finally(() => app.quit());
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error(err);
      dialog.showErrorBox('Casebook failed to start', toErrorInfo(err).message);
      app.exit(1);
    });
}
