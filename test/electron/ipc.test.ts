import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IPC_EVENT_CHANNEL,
  ipcChannel,
  METHODS,
  type CallResult,
  type NotebookInfo,
} from '../../src-main/api/contract';
import { openSession, type Session } from '../../src-main/api/session';
import {
  ForeignSenderError,
  forwardEvents,
  registerIpc,
  type InvokeEvent,
  type InvokeListener,
  type IpcRegistry,
} from '../../src-main/electron/ipc';
import { APP_ENTRY_URL } from '../../src-main/electron/security';
import { REPO_ROOT, useTempDirs } from '../support/tmp';

/** Stands in for Electron's ipcMain: records what is registered, as Electron would hold it. */
function fakeIpcMain(): IpcRegistry & {
  registered: string[];
  removed: string[];
  listeners: Map<string, InvokeListener>;
} {
  const registered: string[] = [];
  const removed: string[] = [];
  const listeners = new Map<string, InvokeListener>();
  return {
    registered,
    removed,
    listeners,
    handle(channel, listener) {
      // Electron's ipcMain throws on a second handler for a channel; so does this.
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.push(channel);
      listeners.set(channel, listener);
    },
    removeHandler(channel) {
      removed.push(channel);
      listeners.delete(channel);
    },
  };
}

const from = (url: string | null): InvokeEvent => ({ senderFrame: url === null ? null : { url } });
const appPage = from(APP_ENTRY_URL);

describe('Electron IPC', () => {
  const tempDir = useTempDirs();
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  const setup = (): { ipc: ReturnType<typeof fakeIpcMain>; file: string; teardown: () => void } => {
    const file = join(tempDir(), 'ipc.casebook');
    session = openSession(file, join(REPO_ROOT, 'resources'));
    const ipc = fakeIpcMain();
    const teardown = registerIpc(ipc, session.router);
    return { ipc, file, teardown };
  };

  const invoke = (ipc: ReturnType<typeof fakeIpcMain>, method: string, event: InvokeEvent, input?: unknown) => {
    const listener = ipc.listeners.get(ipcChannel(method as (typeof METHODS)[number]));
    if (!listener) throw new Error(`nothing registered for ${method}`);
    return listener(event, input);
  };

  it('registers every contract method exactly once, on its own channel', () => {
    const { ipc } = setup();
    expect(ipc.registered).toHaveLength(METHODS.length);
    expect(new Set(ipc.registered).size).toBe(METHODS.length);
    expect([...ipc.registered].sort()).toEqual(METHODS.map(ipcChannel).sort());
  });

  it('dispatches each channel to its own method in the router', async () => {
    const { ipc } = setup();
    for (const method of METHODS) {
      // Input no method accepts: the router names the method it refused, proving the route.
      const result = await invoke(ipc, method, appPage, 'not an object');
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect((result as Extract<CallResult, { ok: false }>).error.message).toContain(method);
    }
  });

  it('answers calls from the app page with the router result', async () => {
    const { ipc, file } = setup();
    const info = await invoke(ipc, 'notebook.info', appPage, {});
    expect(info.ok).toBe(true);
    expect((info as { value: NotebookInfo }).value).toMatchObject({ file, sourceCount: 0 });

    const imported = await invoke(ipc, 'samples.importSample', appPage, {});
    expect(imported).toMatchObject({ ok: true, value: { status: 'imported' } });
    expect(await invoke(ipc, 'sources.list', appPage, { offset: 0, limit: 10 })).toMatchObject({
      ok: true,
      value: { total: 1 },
    });

    expect(await invoke(ipc, 'sources.list', appPage, { offset: -1, limit: 10 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await invoke(ipc, 'sources.get', appPage, { sourceId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('refuses callers that are not an app page, before the router runs', async () => {
    const { ipc } = setup();
    const foreign = [
      from(null),
      from(''),
      from('https://example.com/'),
      from('http://127.0.0.1:5173/index.html'),
      from('file:///etc/passwd'),
      from('casebook://evil/index.html'),
      from('casebook://app.evil/index.html'),
      from('casebook://user@app/index.html'),
      from('devtools://devtools/bundled/inspector.html'),
      from('not a url'),
    ];
    for (const event of foreign) {
      await expect(invoke(ipc, 'samples.importSample', event, {})).rejects.toBeInstanceOf(ForeignSenderError);
      await expect(invoke(ipc, 'notebook.info', event, {})).rejects.toThrow(/not a Casebook page/);
    }
    // Nothing was imported by the refused calls.
    expect(await invoke(ipc, 'notebook.info', appPage, {})).toMatchObject({ ok: true, value: { sourceCount: 0 } });
  });

  it('removes every handler on teardown', () => {
    const { ipc, teardown } = setup();
    teardown();
    expect([...ipc.removed].sort()).toEqual(METHODS.map(ipcChannel).sort());
    expect(ipc.listeners.size).toBe(0);
  });

  it('forwards session events to the window until torn down', async () => {
    const { ipc } = setup();
    const sent: Array<[string, unknown]> = [];
    let destroyed = false;
    const stop = forwardEvents(session!, {
      send: (channel, event) => void sent.push([channel, event]),
      isDestroyed: () => destroyed,
    });

    await invoke(ipc, 'samples.importSample', appPage, {});
    expect(sent.every(([channel]) => channel === IPC_EVENT_CHANNEL)).toBe(true);
    const names = sent.map(([, event]) => (event as { name: string }).name);
    expect(names.slice(0, 2)).toEqual(['import.progress', 'sources.changed']);
    // The background suggestion scan of the new source may already have reported too.
    expect(names.slice(2).every((n) => n === 'suggestions.changed')).toBe(true);

    const forwarded = sent.length;
    destroyed = true;
    session!.switchNotebook(join(tempDir(), 'other.casebook'));
    expect(sent).toHaveLength(forwarded);

    destroyed = false;
    stop();
    await invoke(ipc, 'samples.importSample', appPage, {});
    expect(sent).toHaveLength(forwarded);
  });
});
