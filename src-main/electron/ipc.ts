/**
 * The contract over Electron IPC: one `ipcMain.handle` per method, on that
 * method's channel, each dispatching to the session's router. Written against
 * the two ipcMain methods it uses so it runs (and is tested) without Electron.
 */
import { IPC_EVENT_CHANNEL, ipcChannel, METHODS, type CallResult, type CasebookEvent } from '../api/contract';
import type { Router } from '../api/router';
import { isAppUrl } from './security';

/** The part of Electron's IpcMainInvokeEvent we read: which frame sent the call. */
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}
export type InvokeListener = (event: InvokeEvent, input?: unknown) => Promise<CallResult>;

/** What `registerIpc` needs of Electron's `ipcMain`. */
export interface IpcRegistry {
  handle(channel: string, listener: InvokeListener): void;
  removeHandler(channel: string): void;
}

/** A call from a frame that is not ours: refused before the router sees it. */
export class ForeignSenderError extends Error {
  constructor(channel: string) {
    super(`Refused ${channel}: the caller is not a Casebook page.`);
    this.name = 'ForeignSenderError';
  }
}

/**
 * Registers every contract method; returns the teardown. The sender is checked
 * on each call (Electron's checklist: validate the sender of all IPC), since a
 * frame that somehow navigated elsewhere keeps the preload's channels.
 */
export function registerIpc(
  ipc: IpcRegistry,
  router: Router,
  isTrustedSender: (url: string) => boolean = isAppUrl,
): () => void {
  const channels = METHODS.map((method) => {
    const channel = ipcChannel(method);
    ipc.handle(channel, async (event, input) => {
      const url = event.senderFrame?.url;
      if (!url || !isTrustedSender(url)) throw new ForeignSenderError(channel);
      return router(method, input);
    });
    return channel;
  });
  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
  };
}

/** Where events go: the window's webContents. */
export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Forwards the session's events to one window; returns the teardown. */
export function forwardEvents(
  session: { subscribe(listener: (event: CasebookEvent) => void): () => void },
  target: EventSink,
): () => void {
  return session.subscribe((event) => {
    if (!target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, event);
  });
}
