import type { Input } from '../../../../src-main/api/contract';
import type { NoteSaved } from '../../../../src-main/core/notes/types';
import { api, ApiError } from '../../../api/client';
import { patchBetweenTexts, plainText, type NoteText } from './diff';
import { clearDraft, writeDraft } from './drafts';
import { saveNote, saveOnExit } from './transport';

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict';

export interface SaverOptions {
  noteId: number;
  /** The revision and JSON text the editor was loaded with. */
  revision: number;
  content: string;
  /** The editor's state now, as JSON text. */
  serialize(): NoteText;
  onStatus(status: SaveStatus, message: string | null): void;
  onSaved?(saved: NoteSaved): void;
  /** Quiet time after the last change before saving. */
  debounceMs?: number;
  /** Longest a change waits while typing goes on: what a crash may lose. */
  maxWaitMs?: number;
}

const RETRY_MS = 3000;

/**
 * Autosave for one open note. Changes are saved after a short pause, and at
 * least every `maxWaitMs` while typing goes on; one save runs at a time, each
 * naming the revision it was made on, so a stale copy is refused by the core
 * rather than overwriting newer text (status `conflict`).
 */
export class NoteSaver {
  readonly noteId: number;
  private revision: number;
  /** The JSON text the notebook holds at `revision`: what patches are computed against. */
  private saved: NoteText;
  private dirty = false;
  private firstChangeAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private inFlightContent: NoteText | null = null;
  /** The running save was sent to outlive the page: nothing to send again when it closes. */
  private inFlightOutlivesPage = false;
  private status: SaveStatus = 'saved';
  private message: string | null = null;
  private disposed = false;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly opts: SaverOptions) {
    this.noteId = opts.noteId;
    this.revision = opts.revision;
    this.saved = plainText(opts.content);
    this.debounceMs = opts.debounceMs ?? 500;
    this.maxWaitMs = opts.maxWaitMs ?? 1000;
  }

  get currentRevision(): number {
    return this.revision;
  }

  /** Whether edits are not yet confirmed saved. */
  get pending(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  get saving(): boolean {
    return this.inFlight !== null;
  }

  changed(): void {
    this.dirty = true;
    if (this.status === 'conflict') return;
    const now = Date.now();
    if (this.firstChangeAt === 0) this.firstChangeAt = now;
    this.setStatus(this.inFlight ? 'saving' : 'unsaved');
    this.arm(Math.max(0, Math.min(this.debounceMs, this.firstChangeAt + this.maxWaitMs - now)));
  }

  /** Saves pending edits now and resolves once the notebook has them (or the save failed). */
  async flush(): Promise<void> {
    this.disarm();
    if (this.inFlight) await this.inFlight;
    if (this.dirty && this.status !== 'conflict') await this.save();
  }

  /**
   * The page is closing: sends what is unsaved in a way that survives the
   * page, and keeps a local draft too. Returns false when the edits could not
   * be sent (a browser can then ask the analyst to stay while a normal save runs).
   */
  flushOnExit(): boolean {
    this.disarm();
    if (!this.dirty && (!this.inFlight || this.inFlightOutlivesPage)) return true;
    // Edits made after a save that is still running are based on that save.
    const base = this.inFlight
      ? { revision: this.revision + 1, content: this.inFlightContent! }
      : { revision: this.revision, content: this.saved };
    const content = this.dirty ? this.opts.serialize() : base.content;
    writeDraft(this.noteId, { revision: base.revision, content: content.json, savedAt: new Date().toISOString() });
    if (this.status === 'conflict') return false;
    if (content.json === base.content.json) {
      if (!this.inFlight) return true;
      // Only the running save is unconfirmed: send it again in a form that outlives the page.
      const resend = saveOnExit(this.input(this.saved, base.content, this.revision));
      return resend !== null;
    }
    const sent = saveOnExit(this.input(base.content, content, base.revision));
    if (!sent) {
      void this.save();
      return false;
    }
    this.dirty = false;
    this.firstChangeAt = 0;
    const running = sent.then(
      (saved) => this.accept(saved, content),
      () => undefined,
    );
    const tracked = running.finally(() => {
      if (this.inFlight === tracked) {
        this.inFlight = null;
        this.inFlightOutlivesPage = false;
      }
    });
    this.inFlight = tracked;
    this.inFlightOutlivesPage = true;
    this.inFlightContent = content;
    return true;
  }

  /** After a conflict: keeps this copy, saving it over what the notebook holds (which stays in the history). */
  async overwrite(): Promise<void> {
    const note = await api['notes.get']({ noteId: this.noteId });
    this.revision = note.revision;
    this.saved = plainText(note.content);
    this.status = 'unsaved';
    this.dirty = true;
    await this.save();
  }

  /** Drops unsaved edits: the editor is about to show the note as saved. */
  discard(): void {
    this.dirty = false;
    this.firstChangeAt = 0;
    this.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.disarm();
  }

  private input(before: NoteText, after: NoteText, revision: number): Input<'notes.save'> {
    const patch = patchBetweenTexts(before, after);
    // A patch replacing most of the note is just the content, sent plainly.
    return patch.insert.length > after.json.length / 2
      ? { noteId: this.noteId, revision, content: after.json }
      : { noteId: this.noteId, revision, patch };
  }

  private arm(ms: number): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private save(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const run = this.run();
    this.inFlight = run;
    return run.finally(() => {
      if (this.inFlight === run) this.inFlight = null;
      // Edits made while the save ran go next, without waiting for the pause again.
      if (this.dirty && this.status !== 'conflict' && this.status !== 'error' && !this.disposed) void this.save();
    });
  }

  private async run(): Promise<void> {
    this.disarm();
    const content = this.opts.serialize();
    this.dirty = false;
    this.firstChangeAt = 0;
    if (content.json === this.saved.json) {
      this.setStatus('saved');
      return;
    }
    this.inFlightContent = content;
    this.setStatus('saving');
    try {
      this.accept(await saveNote(this.input(this.saved, content, this.revision)), content);
    } catch (err) {
      this.dirty = true;
      if (err instanceof ApiError && err.code === 'conflict') {
        this.setStatus('conflict', err.message);
        return;
      }
      this.setStatus('error', err instanceof Error ? err.message : String(err));
      if (!this.disposed) this.arm(RETRY_MS);
    }
  }

  private accept(saved: NoteSaved, content: NoteText): void {
    // A keepalive save can answer after a later one: only move forward.
    if (saved.revision <= this.revision) return;
    this.revision = saved.revision;
    this.saved = content;
    this.opts.onSaved?.(saved);
    if (!this.dirty) {
      clearDraft(this.noteId);
      this.setStatus('saved');
    }
  }

  private setStatus(status: SaveStatus, message: string | null = null): void {
    if (status === this.status && message === this.message) return;
    this.status = status;
    this.message = message;
    if (!this.disposed) this.opts.onStatus(status, message);
  }
}
