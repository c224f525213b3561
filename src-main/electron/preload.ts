/**
 * The preload: exposes one typed object, `window.casebook`, derived from the
 * contract, and nothing else (no raw ipcRenderer). Runs sandboxed.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, METHODS, type CallResult, type CasebookEvent } from '../api/contract';
import type { DesktopBridge } from '../api/bridge';

const api = Object.fromEntries(
  METHODS.map((method) => [
    method,
    (input: unknown) => ipcRenderer.invoke(ipcChannel(method), input) as Promise<CallResult>,
  ]),
) as unknown as DesktopBridge['call'];

const bridge: DesktopBridge = {
  call: api,
  onEvent(listener: (event: CasebookEvent) => void) {
    const wrapped = (_e: IpcRendererEvent, event: CasebookEvent): void => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('casebook', bridge);
