/**
 * The contract: every method the renderer can call, with its input schema and
 * output type. Electron IPC, the preload facade, browser-mode HTTP routes and
 * the renderer's client are all derived from this one map, so a method cannot
 * exist in one runtime and not another. Each method takes one serializable
 * argument.
 */
import { z } from 'zod';
import {
  ENTITY_TYPES,
  type Entity,
  type EntityPageList,
  type EntityProfile,
  type MergeCandidate,
  type MergeRecord,
} from '../core/entities/types';
import type { ErrorInfo } from '../core/errors';
import type { BackupInfo, BackupList, BackupSettings, RestoreResult } from '../core/backup/types';
import {
  EVIDENCE_BLOCKS,
  EXPORT_FORMATS,
  type CitationCheck,
  type Dossier,
  type DossierSaved,
  type DossierSummary,
  type EvidenceData,
  type ExportProgress,
  type ExportResult,
} from '../core/dossiers/types';
import type {
  BacklinkTarget,
  LinkTargets,
  Note,
  NoteBacklink,
  NotePage,
  NoteSaved,
  NoteVersion,
  NoteVersionSummary,
  RefsResolution,
} from '../core/notes/types';
import type {
  ImportBatch,
  ImportReport,
  ImportReportSummary,
  ImportResult,
  SourceDetail,
  SourcePage,
} from '../core/sources/types';
import type { Passage } from '../core/passages/types';
import type { SuggestionAccepted, SuggestionPage } from '../core/suggestions/types';
import { SEARCH_KINDS, type SearchResults } from '../core/search/types';
import { SOURCE_KINDS } from '../core/sources/types';

/** Marks the output type of a method; it exists for the type checker only. */
const returns = <T>(): T => undefined as T;

const sourceId = z.number().int().positive();
/** Chosen by the caller so it can follow progress and cancel; several calls may share one. */
const jobId = z.string().min(1).max(100).optional();
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'no such date');
const webUrl = z
  .string()
  .max(4096)
  .refine((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, 'expected an http(s) URL');

const passageId = z.number().int().positive();
const dossierId = z.number().int().positive();
const dossierTitle = z.string().trim().min(1, 'a title cannot be empty').max(1000);
/** The classification line and the analyst's name: one line each. */
const dossierLine = z
  .string()
  .max(1000)
  .refine((s) => !/[\r\n]/.test(s), 'expected a single line');
const entityId = z.number().int().positive();
const entityType = z.enum(ENTITY_TYPES);
const entityName = z.string().trim().min(1, 'a name cannot be empty').max(1000);
const newEntity = z.object({ name: entityName, type: entityType }).strict();
const entityFields = {
  aliases: z.array(z.string().max(1000)).max(1000).optional(),
  description: z.string().max(100_000).optional(),
  /** Events only: a day, or the first day of a range. */
  dateStart: isoDay.nullable().optional(),
  /** Events only: the last day of a range. */
  dateEnd: isoDay.nullable().optional(),
};

export const contract = {
  'notebook.info': {
    input: z.object({}).strict(),
    output: returns<NotebookInfo>(),
  },
  'sources.list': {
    input: z
      .object({
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
    output: returns<SourcePage>(),
  },
  'sources.get': {
    input: z.object({ sourceId }).strict(),
    output: returns<SourceDetail>(),
  },
  /** Files dropped or picked in the renderer, as bytes (browser mode has no paths). */
  'sources.importFiles': {
    input: z
      .object({
        jobId,
        files: z
          .array(z.object({ name: z.string().min(1).max(1024), dataBase64: z.base64() }).strict())
          .min(1)
          .max(10_000),
      })
      .strict(),
    output: returns<ImportBatch>(),
  },
  /** Files and folders by path (Electron drops, the Import… menu); folders are walked. */
  'sources.importPaths': {
    input: z.object({ jobId, paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000) }).strict(),
    output: returns<ImportBatch>(),
  },
  /** A selection or link dragged in from another application. */
  'sources.importDropped': {
    input: z
      .object({
        jobId,
        html: z.string().max(50_000_000).optional(),
        text: z.string().max(50_000_000).optional(),
        uriList: z.string().max(100_000).optional(),
      })
      .strict()
      .refine((d) => Boolean(d.html || d.text || d.uriList), 'nothing was dropped'),
    output: returns<ImportBatch>(),
  },
  /**
   * Stops an import; files not yet started are reported as cancelled, and so
   * are `notSent` (files of an upload in parts that will not be sent now).
   */
  'imports.cancel': {
    input: z
      .object({
        jobId: z.string().min(1).max(100),
        notSent: z.array(z.string().min(1).max(4096)).max(100_000).optional(),
      })
      .strict(),
    output: returns<{ cancelled: boolean }>(),
  },
  'imports.list': {
    input: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    output: returns<ImportReportSummary[]>(),
  },
  'imports.get': {
    input: z.object({ reportId: z.number().int().positive() }).strict(),
    output: returns<ImportReport>(),
  },
  /** The analyst's corrections to a source's metadata (its text never changes). */
  'sources.update': {
    input: z
      .object({
        sourceId,
        title: z.string().trim().min(1, 'a title cannot be empty').max(1000).optional(),
        byline: z.string().trim().max(1000).nullable().optional(),
        publishedAt: isoDay.nullable().optional(),
        url: webUrl.nullable().optional(),
      })
      .strict(),
    output: returns<SourceDetail>(),
  },
  /** The original file a source was imported from. */
  'sources.original': {
    input: z.object({ sourceId }).strict(),
    output: returns<{ fileName: string; mimeType: string; dataBase64: string }>(),
  },
  /** Imports the sample article shipped under resources/ (a duplicate when already there). */
  'samples.importSample': {
    input: z.object({}).strict(),
    output: returns<ImportResult>(),
  },

  // ── passages (issue 4) ──
  /**
   * A span of a source's text; the quote, its context and (for PDFs) the page
   * are taken from the text. Linked to existing entities and to new ones.
   */
  'passages.create': {
    input: z
      .object({
        sourceId,
        start: z.number().int().min(0),
        end: z.number().int().min(0),
        comment: z.string().max(100_000).nullable().optional(),
        entityIds: z.array(entityId).max(1000).optional(),
        newEntities: z.array(newEntity).max(1000).optional(),
      })
      .strict(),
    output: returns<Passage>(),
  },
  /** Every passage of a source not in the trash, anchored or orphan, by position. */
  'passages.forSource': {
    input: z.object({ sourceId }).strict(),
    output: returns<Passage[]>(),
  },
  'passages.get': {
    input: z.object({ passageId }).strict(),
    output: returns<Passage & { sourceTitle: string; sourcePublishedAt: string | null }>(),
  },
  'passages.update': {
    input: z.object({ passageId, comment: z.string().max(100_000).nullable() }).strict(),
    output: returns<Passage>(),
  },
  /** Links the passage to an entity, or to a new one. */
  'passages.link': {
    input: z
      .object({ passageId, entityId: entityId.optional(), newEntity: newEntity.optional() })
      .strict()
      .refine((d) => (d.entityId === undefined) !== (d.newEntity === undefined), 'send either entityId or newEntity'),
    output: returns<Passage>(),
  },
  'passages.unlink': {
    input: z.object({ passageId, entityId }).strict(),
    output: returns<Passage>(),
  },
  /** To the trash, with its links: `passages.restore` undoes it. */
  'passages.delete': {
    input: z.object({ passageId }).strict(),
    output: returns<{ passageId: number }>(),
  },
  'passages.restore': {
    input: z.object({ passageId }).strict(),
    output: returns<Passage>(),
  },
  /** Passages that could not be found again after their source's text changed, for review. */
  'passages.orphans': {
    input: z.object({}).strict(),
    output: returns<Array<Passage & { sourceTitle: string }>>(),
  },

  // ── entities (issue 4) ──
  'entities.create': {
    input: z.object({ type: entityType, name: entityName, ...entityFields }).strict(),
    output: returns<Entity>(),
  },
  /** Live entities (or the trash) with passage and source counts; a query matches the starts of words. */
  'entities.list': {
    input: z
      .object({
        query: z.string().max(200).optional(),
        type: entityType.optional(),
        sort: z.enum(['name', 'passages', 'sources', 'updated']).optional(),
        trash: z.boolean().optional(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
    output: returns<EntityPageList>(),
  },
  /** Typeahead over names and aliases, whatever the case and accents; live entities, best first. */
  'entities.lookup': {
    input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(50).optional() }).strict(),
    output: returns<Entity[]>(),
  },
  'entities.get': {
    input: z.object({ entityId }).strict(),
    output: returns<Entity>(),
  },
  /** Links hold ids: a rename shows everywhere at once. */
  'entities.update': {
    input: z.object({ entityId, type: entityType.optional(), name: entityName.optional(), ...entityFields }).strict(),
    output: returns<Entity>(),
  },
  /** To the trash; its links stay, hidden until `entities.restore`. */
  'entities.delete': {
    input: z.object({ entityId }).strict(),
    output: returns<Entity>(),
  },
  'entities.restore': {
    input: z.object({ entityId }).strict(),
    output: returns<Entity>(),
  },
  /** Aliases, passage links, suggestions and note mentions of `mergedId` move to `survivorId`; undoable. */
  'entities.merge': {
    input: z.object({ survivorId: entityId, mergedId: entityId }).strict(),
    output: returns<MergeRecord>(),
  },
  'entities.unmerge': {
    input: z.object({ mergeId: z.number().int().positive() }).strict(),
    output: returns<MergeRecord>(),
  },
  /** Merges into this entity, newest first. */
  'entities.merges': {
    input: z.object({ entityId }).strict(),
    output: returns<MergeRecord[]>(),
  },
  /** "Not the same": the pair is never proposed for merging again. */
  'entities.markDistinct': {
    input: z.object({ aId: entityId, bId: entityId }).strict(),
    output: returns<{ aId: number; bId: number }>(),
  },
  'entities.mergeCandidates': {
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    output: returns<MergeCandidate[]>(),
  },
  /** The entity page: profile, timeline of passages by source date, co-occurring entities, notes. */
  'entities.profile': {
    input: z.object({ entityId }).strict(),
    output: returns<EntityProfile>(),
  },

  // ── suggestions (issue 4) ──
  /** The inbox: pending by default; by source, then position. */
  'suggestions.list': {
    input: z
      .object({
        sourceId: sourceId.optional(),
        entityId: z.number().int().positive().optional(),
        status: z.enum(['pending', 'accepted', 'rejected']).optional(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
    output: returns<SuggestionPage>(),
  },
  /** On demand: one source, one entity across the library ("find unlinked mentions"), or the whole notebook. */
  'suggestions.scan': {
    input: z.object({ sourceId: sourceId.optional(), entityId: z.number().int().positive().optional() }).strict(),
    output: returns<{ found: number }>(),
  },
  /** Makes the mention a passage linked to the entity: the suggested one, `entityId`, or a new one (`name`, `type`). */
  'suggestions.accept': {
    input: z
      .object({
        suggestionId: z.number().int().positive(),
        entityId: z.number().int().positive().optional(),
        name: z.string().trim().min(1, 'a name cannot be empty').max(1000).optional(),
        type: z.enum(['Person', 'Organization', 'Place', 'Event', 'Other']).optional(),
      })
      .strict(),
    output: returns<SuggestionAccepted>(),
  },
  /** Remembered: the same text is not proposed again for that entity (or as a new one of that type). */
  'suggestions.reject': {
    input: z.object({ suggestionId: z.number().int().positive() }).strict(),
    output: returns<{ suggestionId: number }>(),
  },
  /** Every pending mention of the entity, in one source or the whole notebook. */
  'suggestions.acceptAll': {
    input: z.object({ entityId: z.number().int().positive(), sourceId: sourceId.optional() }).strict(),
    output: returns<{ accepted: number }>(),
  },

  // ── notes (issue 5) ──
  /** A new note, empty or with the given editor state (JSON). */
  'notes.create': {
    input: z.object({ content: z.string().max(50_000_000).optional() }).strict(),
    output: returns<Note>(),
  },
  'notes.get': {
    input: z.object({ noteId: z.number().int().positive() }).strict(),
    output: returns<Note>(),
  },
  /** Live notes (or the trash), newest edit first; with a query, full-text matches best first. */
  'notes.list': {
    input: z
      .object({
        query: z.string().max(1000).optional(),
        trash: z.boolean().optional(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
    output: returns<NotePage>(),
  },
  /**
   * Saves an editor's copy made from `revision`: the whole content, or a patch
   * of the saved JSON text. A copy from an older revision is refused (`conflict`).
   */
  'notes.save': {
    input: z
      .object({
        noteId: z.number().int().positive(),
        revision: z.number().int().positive(),
        content: z.string().max(50_000_000).optional(),
        patch: z
          .object({
            at: z.number().int().min(0),
            remove: z.number().int().min(0),
            insert: z.string().max(50_000_000),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((d) => (d.content === undefined) !== (d.patch === undefined), 'send either content or a patch'),
    output: returns<NoteSaved>(),
  },
  /** "Quote in note": appends a passage quote to a note, or to a new note when none is named. */
  'notes.quotePassage': {
    input: z
      .object({ noteId: z.number().int().positive().optional(), passageId: z.number().int().positive() })
      .strict(),
    output: returns<NoteSaved>(),
  },
  /** Saved versions, newest first (thinned as they age). */
  'notes.history': {
    input: z.object({ noteId: z.number().int().positive() }).strict(),
    output: returns<NoteVersionSummary[]>(),
  },
  'notes.version': {
    input: z.object({ versionId: z.number().int().positive() }).strict(),
    output: returns<NoteVersion>(),
  },
  /** Makes a version the note's newest revision; what it replaces stays in the history. */
  'notes.restoreVersion': {
    input: z.object({ noteId: z.number().int().positive(), versionId: z.number().int().positive() }).strict(),
    output: returns<Note>(),
  },
  /** Live notes citing an entity, a passage, a source (directly or by quoting it) or a note ("linked from"). */
  'notes.backlinks': {
    input: z
      .object({
        target: z.enum(['entity', 'passage', 'source', 'note'] satisfies BacklinkTarget[]),
        id: z.number().int().positive(),
      })
      .strict(),
    output: returns<NoteBacklink[]>(),
  },
  /** How the mentions, quotes and links of a note show now, in one call. */
  'notes.resolve': {
    input: z
      .object({
        entityIds: z.array(z.number().int().positive()).max(20_000),
        passageIds: z.array(z.number().int().positive()).max(20_000),
        sourceIds: z.array(z.number().int().positive()).max(20_000),
        noteIds: z.array(z.number().int().positive()).max(20_000),
      })
      .strict(),
    output: returns<RefsResolution>(),
  },
  /** Sources and notes whose titles match, for the link typeahead. */
  'notes.linkTargets': {
    input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(50).optional() }).strict(),
    output: returns<LinkTargets>(),
  },
  'notes.delete': {
    input: z.object({ noteId: z.number().int().positive() }).strict(),
    output: returns<Note>(),
  },
  'notes.restore': {
    input: z.object({ noteId: z.number().int().positive() }).strict(),
    output: returns<Note>(),
  },

  // ── search (issue 6) ──
  /**
   * Sources, passages, notes and entities matching `q` (words, "phrases",
   * prefix*, OR, -exclusions), best first, with snippets marked by offsets.
   */
  'search.query': {
    input: z
      .object({
        q: z.string().max(2000),
        kinds: z.array(z.enum(SEARCH_KINDS)).max(SEARCH_KINDS.length).optional(),
        entityId: z.number().int().positive().optional(),
        sourceKinds: z.array(z.enum(SOURCE_KINDS)).max(SOURCE_KINDS.length).optional(),
        from: isoDay.optional(),
        to: isoDay.optional(),
        offset: z.number().int().min(0).max(10_000).optional(),
        limit: z.number().int().min(1).max(200).optional(),
        asYouType: z.boolean().optional(),
      })
      .strict()
      .refine((d) => !d.from || !d.to || d.from <= d.to, 'the date range ends before it starts'),
    output: returns<SearchResults>(),
  },

  // ── dossiers (issue 7) ──
  /** An empty dossier. */
  'dossiers.create': {
    input: z
      .object({
        title: dossierTitle,
        subjectEntityId: entityId.optional(),
        classification: dossierLine.optional(),
        analyst: dossierLine.optional(),
      })
      .strict(),
    output: returns<Dossier>(),
  },
  /**
   * "New dossier from entity": a first draft with the entity's card and
   * sections for its profile, timeline, related entities, notes and sources.
   */
  'dossiers.fromEntity': {
    input: z.object({ entityId, classification: dossierLine.optional(), analyst: dossierLine.optional() }).strict(),
    output: returns<Dossier>(),
  },
  /** Live dossiers (or the trash), newest edit first; a query matches title, subject and text. */
  'dossiers.list': {
    input: z.object({ query: z.string().max(1000).optional(), trash: z.boolean().optional() }).strict(),
    output: returns<DossierSummary[]>(),
  },
  'dossiers.get': {
    input: z.object({ dossierId }).strict(),
    output: returns<Dossier>(),
  },
  /** Saves the fields sent; a copy from an older revision is refused (`conflict`). */
  'dossiers.save': {
    input: z
      .object({
        dossierId,
        revision: z.number().int().positive(),
        title: dossierTitle.optional(),
        classification: dossierLine.optional(),
        analyst: dossierLine.optional(),
        subjectEntityId: entityId.nullable().optional(),
        content: z.string().max(50_000_000).optional(),
      })
      .strict(),
    output: returns<DossierSaved>(),
  },
  /** What a live evidence block shows now (and what "Freeze" turns into static content). */
  'dossiers.evidence': {
    input: z.object({ entityId, block: z.enum(EVIDENCE_BLOCKS) }).strict(),
    output: returns<EvidenceData>(),
  },
  /** Every quote the export would print, compared with its source's text. */
  'dossiers.check': {
    input: z.object({ dossierId }).strict(),
    output: returns<CitationCheck>(),
  },
  /**
   * Writes the dossier into the notebook's Exports folder (never over another
   * file). Refused (`conflict`, listing the problems) when the citation check
   * finds any, unless `force`. Progress comes as `export.progress` events.
   */
  'dossiers.export': {
    input: z.object({ dossierId, format: z.enum(EXPORT_FORMATS), force: z.boolean().optional(), jobId }).strict(),
    output: returns<ExportResult>(),
  },
  /** Stops an export; nothing is left of its file. */
  'dossiers.cancelExport': {
    input: z.object({ jobId: z.string().min(1).max(100) }).strict(),
    output: returns<{ cancelled: boolean }>(),
  },

  'dossiers.delete': {
    input: z.object({ dossierId }).strict(),
    output: returns<Dossier>(),
  },
  'dossiers.restore': {
    input: z.object({ dossierId }).strict(),
    output: returns<Dossier>(),
  },

  // ── backups (issue 8) ──
  /** The notebook's backups (newest first), the folder they are in, and the automatic-backup settings. */
  'backups.list': {
    input: z.object({}).strict(),
    output: returns<BackupList>(),
  },
  /** "Back up now": a copy of the notebook as it is, kept only once it is verified. */
  'backups.create': {
    input: z.object({}).strict(),
    output: returns<BackupInfo>(),
  },
  /**
   * Replaces the notebook with one of its backups (by file name): the backup
   * is checked first and the notebook as it was is backed up before. Every
   * window reloads (`notebook.restored`).
   */
  'backups.restore': {
    input: z.object({ backupId: z.string().min(1).max(255) }).strict(),
    output: returns<RestoreResult>(),
  },
  /** The automatic-backup settings: read them (no fields) or change the fields sent. */
  'backups.settings': {
    input: z
      .object({
        auto: z.boolean().optional(),
        intervalMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .optional(),
        keep: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    output: returns<BackupSettings>(),
  },
} as const;

/** Events pushed from the core to the renderer while long jobs run. */
export interface EventMap {
  'import.progress': {
    jobId: string | null;
    reportId: number;
    done: number;
    total: number;
    /** The file just finished. */
    current: string;
    /** Files per second so far. */
    rate: number;
    result: ImportResult;
  };
  'sources.changed': Record<string, never>;
  /** Electron's File → Import… picked these; the window imports them (with its progress and report). */
  'import.requested': { paths: string[] };
  /** Passages of this source were created, changed, linked or deleted. */
  'passages.changed': { sourceId: number };
  /** Entities were created, edited, merged, trashed or restored. */
  'entities.changed': Record<string, never>;
  /** Suggestions changed: for one source, or (null) across the notebook. */
  'suggestions.changed': { sourceId: number | null };
  /** A note was created, saved, trashed or restored; `revision` is its revision now. */
  'notes.changed': { noteId: number; revision: number };
  /** A dossier was created, saved, trashed or restored. */
  'dossiers.changed': { dossierId: number };
  /** An export's progress: `done` of `total` steps of the phase it is in. */
  'export.progress': ExportProgress;
  // ── backups (issue 8) ──
  /** A backup was made, or an automatic one failed (`failure` says why). */
  'backups.changed': { failure: string | null };
  /** The notebook file was deleted or replaced while open; the app goes on with `recoveredTo`, a copy of it. */
  'notebook.lost': { file: string; reason: 'deleted' | 'replaced'; recoveredTo: string | null; message: string };
  /** The notebook was replaced by one of its backups: every window reloads. */
  'notebook.restored': { backupId: string };
}

export interface NotebookInfo {
  file: string;
  schemaVersion: number;
  sourceCount: number;
}

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.infer<Contract[M]['input']>;
export type Output<M extends Method> = Contract[M]['output'];
export type EventName = keyof EventMap;
export interface CasebookEvent<E extends EventName = EventName> {
  name: E;
  payload: EventMap[E];
}

/** What every transport returns for a call: a value, or a typed error. */
export type CallResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The typed object the renderer talks to, whatever the runtime. */
export type Api = { [M in Method]: (input: Input<M>) => Promise<Output<M>> };

export const METHODS = Object.keys(contract) as Method[];

/** The IPC channel of a method: one channel each, so registration mirrors the map. */
export const ipcChannel = (method: Method): string => `casebook:${method}`;
export const IPC_EVENT_CHANNEL = 'casebook:event';
