/**
 * Before a window closes or its notebook is switched, the renderer saves the
 * note edits its autosave has not sent yet. A renderer that hangs must not
 * keep the window open forever, so the wait is bounded.
 */
export interface Flushable {
  isDestroyed(): boolean;
  executeJavaScript(code: string, userGesture?: boolean): Promise<unknown>;
}

export const FLUSH_TIMEOUT_MS = 3000;

export async function flushPendingEdits(contents: Flushable, timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
  if (contents.isDestroyed()) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    contents
      .executeJavaScript('window.casebookFlushNotes ? window.casebookFlushNotes() : null', true)
      .catch(() => undefined),
    new Promise<void>((resolveTimeout) => {
      timer = setTimeout(resolveTimeout, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
