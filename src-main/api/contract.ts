/**
 * The contract: every method the renderer can call, with its input schema and
 * output type. Electron IPC, the preload facade, browser-mode HTTP routes and
 * the renderer's client are all derived from this one map, so a method cannot
 * exist in one runtime and not another. Each method takes one serializable
 * argument.
 */
import { z } from 'zod';
import type { ErrorInfo } from '../core/errors';
import type {
  ImportBatch,
  ImportReport,
  ImportReportSummary,
  ImportResult,
  SourceDetail,
  SourcePage,
} from '../core/sources/types';

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
