import type { CallResult, Input } from '../../../../src-main/api/contract';
import type { DossierSaved } from '../../../../src-main/core/dossiers/types';
import { api, ApiError } from '../../../api/client';
import type { SaveStatus } from '../AutosavePlugin/NoteSaver';

/** The dossier's fields besides its content, as the header edits them. */
export interface DossierFields {
  title: string;
  subjectEntityId: number | null;
  classification: string;
  analyst: string;
}

const FIELD_NAMES = ['title', 'subjectEntityId', 'classification', 'analyst'] as const;

export interface DossierSaverOptions {
  dossierId: number;
  /** The revision, content and fields the editor was loaded with. */
  revision: number;
  content: string;
  fields: DossierFields;
  /** The editor's content now, as JSON text. */
  serialize(): string;
  onStatus(status: SaveStatus, message: string | null): void;
  onSaved?(saved: DossierSaved): void;
  debounceMs?: number;
  maxWaitMs?: number;
}

/** Unsaved edits kept in the page's storage when it closes before they reach the notebook. */
export interface DossierDraft {
  revision: number;
  content: string;
  fields: DossierFields;
  savedAt: string;
}

type SaveInput = Input<'dossiers.save'>;

const RETRY_MS = 3000;
/** What browsers let a page send while it is being closed (the keepalive quota is 64 KiB in all). */
const KEEPALIVE_MAX_BYTES = 60_000;

const draftKey = (dossierId: number): string => `casebook.dossier-draft.${dossierId}`;

export function readDossierDraft(dossierId: number): DossierDraft | null {
  try {
    const raw = localStorage.getItem(draftKey(dossierId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<DossierDraft>;
    return typeof d.revision === 'number' && typeof d.content === 'string' && d.fields && typeof d.savedAt === 'string'
      ? (d as DossierDraft)
      : null;
  } catch {
    return null;
  }
}

export function clearDossierDraft(dossierId: number): void {
  try {
    localStorage.removeItem(draftKey(dossierId));
  } catch {
    // Nothing to clear.
  }
}

function writeDraft(dossierId: number, draft: DossierDraft): void {
  try {
    localStorage.setItem(draftKey(dossierId), JSON.stringify(draft));
  } catch {
    // Storage full or unavailable: the save request is all there is.
  }
}

/**
 * Sends a save that must outlive the page. In Electron the IPC message leaves
 * at once; in a browser an ordinary request dies with the page, so it goes as
 * a keepalive request, which browsers limit in size (null when too big).
 */
function sendOnExit(input: SaveInput): Promise<DossierSaved> | null {
  if (window.casebook) return api['dossiers.save'](input);
  const body = JSON.stringify(input);
  if (new TextEncoder().encode(body).length > KEEPALIVE_MAX_BYTES) return null;
  try {
    return fetch('./api/dossiers.save', {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body,
    })
      .then((res) => res.json() as Promise<CallResult<DossierSaved>>)
      .then((result) => {
        if (result.ok) return result.value;
        throw new ApiError(result.error.code, result.error.message);
      });
  } catch {
    // Over the quota with other requests still in flight.
    return null;
  }
}

/**
 * Autosave for an open dossier, content and header fields alike, as notes
 * save (see NoteSaver): after a short pause and at least every `maxWaitMs`
 * while editing goes on, one save at a time, each naming the revision it was
 * made on so a stale copy is refused (`conflict`) rather than written over
 * newer work.
 */
export class DossierSaver {
  readonly dossierId: number;
  private revision: number;
  private savedContent: string;
  private savedFields: DossierFields;
  private fields: DossierFields;
  private dirty = false;
  private firstChangeAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private status: SaveStatus = 'saved';
  private message: string | null = null;
  private disposed = false;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly opts: DossierSaverOptions) {
    this.dossierId = opts.dossierId;
    this.revision = opts.revision;
    this.savedContent = opts.content;
    this.savedFields = { ...opts.fields };
    this.fields = { ...opts.fields };
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

  /** The editor's content changed. */
  changed(): void {
    this.dirty = true;
    if (this.status === 'conflict') return;
    const now = Date.now();
    if (this.firstChangeAt === 0) this.firstChangeAt = now;
    this.setStatus(this.inFlight ? 'saving' : 'unsaved');
    this.arm(Math.max(0, Math.min(this.debounceMs, this.firstChangeAt + this.maxWaitMs - now)));
  }

  /** A header field changed. */
  setFields(fields: Partial<DossierFields>): void {
    this.fields = { ...this.fields, ...fields };
    this.changed();
  }

  /** Saves pending edits now; resolves once the notebook has them (or the save failed). */
  async flush(): Promise<void> {
    this.disarm();
    if (this.inFlight) await this.inFlight;
    if (this.dirty && this.status !== 'conflict') await this.save();
  }

  /**
   * The page is closing: sends what is unsaved in a way that outlives the page
   * and keeps a local draft too. False when it could not be sent.
   */
  flushOnExit(): boolean {
    this.disarm();
    if (!this.dirty && !this.inFlight) return true;
    const content = this.opts.serialize();
    writeDraft(this.dossierId, {
      revision: this.revision,
      content,
      fields: this.fields,
      savedAt: new Date().toISOString(),
    });
    // A running save may still arrive; if it does not, the draft brings its edits back.
    if (!this.dirty) return true;
    if (this.status === 'conflict' || this.inFlight) return false;
    const input = this.input(content);
    if (!input) return true;
    const sent = sendOnExit(input);
    if (!sent) return false;
    this.dirty = false;
    this.firstChangeAt = 0;
    const tracked: Promise<void> = sent
      .then(
        (saved) => this.accept(saved, content, input),
        () => {
          this.dirty = true;
        },
      )
      .finally(() => {
        if (this.inFlight === tracked) this.inFlight = null;
      });
    this.inFlight = tracked;
    return true;
  }

  /** After a conflict: keeps this copy, saving it over what the notebook holds. */
  async overwrite(): Promise<void> {
    const current = await api['dossiers.get']({ dossierId: this.dossierId });
    this.revision = current.revision;
    this.savedContent = current.content;
    this.savedFields = {
      title: current.title,
      subjectEntityId: current.subjectEntityId,
      classification: current.classification,
      analyst: current.analyst,
    };
    this.status = 'unsaved';
    this.dirty = true;
    await this.save();
  }

  /** Drops unsaved edits: the editor is about to show the dossier as saved. */
  discard(): void {
    this.dirty = false;
    this.firstChangeAt = 0;
    this.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.disarm();
  }

  /** What a save sends: only what differs from the saved dossier; null when nothing does. */
  private input(content: string): SaveInput | null {
    const input: SaveInput = { dossierId: this.dossierId, revision: this.revision };
    let any = false;
    if (content !== this.savedContent) {
      input.content = content;
      any = true;
    }
    for (const name of FIELD_NAMES) {
      if (this.fields[name] === this.savedFields[name]) continue;
      // A title cannot be empty: while the field is cleared the saved one stays.
      if (name === 'title' && !this.fields.title.trim()) continue;
      Object.assign(input, { [name]: this.fields[name] });
      any = true;
    }
    return any ? input : null;
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
      if (this.dirty && this.status !== 'conflict' && this.status !== 'error' && !this.disposed) void this.save();
    });
  }

  private async run(): Promise<void> {
    this.disarm();
    const content = this.opts.serialize();
    this.dirty = false;
    this.firstChangeAt = 0;
    const input = this.input(content);
    if (!input) {
      this.setStatus('saved');
      return;
    }
    this.setStatus('saving');
    try {
      this.accept(await api['dossiers.save'](input), content, input);
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

  private accept(saved: DossierSaved, content: string, input: SaveInput): void {
    if (saved.revision <= this.revision) return;
    this.revision = saved.revision;
    this.savedContent = content;
    for (const name of FIELD_NAMES) if (name in input) Object.assign(this.savedFields, { [name]: input[name] });
    this.opts.onSaved?.(saved);
    if (!this.dirty) {
      clearDossierDraft(this.dossierId);
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
