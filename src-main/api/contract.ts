/**
 * The contract: every method the renderer can call, with its input schema and
 * output type. Electron IPC, the preload facade, browser-mode HTTP routes and
 * the renderer's client are all derived from this one map, so a method cannot
 * exist in one runtime and not another. Each method takes one serializable
 * argument.
 */
import { z } from 'zod';
import type { ErrorInfo } from '../core/errors';
import type { ImportResult, SourceDetail, SourcePage } from '../core/sources/types';

/** Marks the output type of a method; it exists for the type checker only. */
const returns = <T>(): T => undefined as T;

const sourceId = z.number().int().positive();

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
        files: z
          .array(
            z
              .object({
                name: z.string().min(1).max(1024),
                dataBase64: z.base64(),
              })
              .strict(),
          )
          .min(1)
          .max(10_000),
      })
      .strict(),
    output: returns<ImportResult[]>(),
  },
  /** Files and folders by path (Electron drops, the Import… menu). */
  'sources.importPaths': {
    input: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000) }).strict(),
    output: returns<ImportResult[]>(),
  },
  /** Imports the sample article shipped under resources/ (a duplicate when already there). */
  'samples.importSample': {
    input: z.object({}).strict(),
    output: returns<ImportResult>(),
  },
} as const;

/** Events pushed from the core to the renderer while long jobs run. */
export interface EventMap {
  'import.progress': { done: number; total: number; result: ImportResult };
  'sources.changed': Record<string, never>;
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
