/** What the registry needs of an open editor's saver: a note's, or a dossier's. */
export interface OpenSaver {
  flush(): Promise<void>;
  flushOnExit(): boolean;
}

declare global {
  interface Window {
    /**
     * Saves every open note's pending edits; resolves when the notebook has
     * them. The Electron shell calls it before it lets a window close.
     */
    casebookFlushNotes?: () => Promise<void>;
  }
}

const savers = new Set<OpenSaver>();
let teardown: (() => void) | null = null;

/** Saves pending edits of every open note (and of notes whose editor just closed). */
export async function flushAllNotes(): Promise<void> {
  await Promise.all([...savers].map((s) => s.flush()));
}

/** The page is going away: sends what is pending in a way that outlives it. */
function flushOnExit(): boolean {
  let ok = true;
  for (const saver of savers) ok = saver.flushOnExit() && ok;
  return ok;
}

function install(): () => void {
  const beforeUnload = (event: BeforeUnloadEvent): void => {
    // Electron would silently keep the window open if asked to prompt; its shell flushes first instead.
    if (!flushOnExit() && !window.casebook) event.preventDefault();
  };
  const pageHide = (): void => void flushOnExit();
  const visibility = (): void => {
    if (document.visibilityState === 'hidden') void flushAllNotes();
  };
  window.addEventListener('beforeunload', beforeUnload);
  window.addEventListener('pagehide', pageHide);
  document.addEventListener('visibilitychange', visibility);
  window.casebookFlushNotes = flushAllNotes;
  return () => {
    window.removeEventListener('beforeunload', beforeUnload);
    window.removeEventListener('pagehide', pageHide);
    document.removeEventListener('visibilitychange', visibility);
    delete window.casebookFlushNotes;
  };
}

/** Tracks an open note's saver; the returned function forgets it (after its last flush). */
export function registerSaver(saver: OpenSaver): () => void {
  savers.add(saver);
  teardown ??= install();
  return () => {
    savers.delete(saver);
    if (savers.size === 0 && teardown) {
      teardown();
      teardown = null;
    }
  };
}
