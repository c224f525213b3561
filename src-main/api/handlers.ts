import { join } from 'node:path';
import { SCHEMA_VERSION } from '../core/db/migrate';
import type { Notebook } from '../core/db/notebook';
import { CasebookError } from '../core/errors';
import { expandPaths, type Importer, type ImportInput } from '../core/sources/import';
import { getReport, listReports } from '../core/sources/reports';
import { getOriginal, listSources, requireSource, updateSource } from '../core/sources/repository';
import type { ImportBatch } from '../core/sources/types';
import type { EventMap, EventName, Input, Method, Output } from './contract';

export const SAMPLE_ARTICLE = 'samples/2025-07-11-russia-pakistan-natural-allies.txt';

/** What a shell gives the handlers: the open notebook, its importer, a way to push events. */
export interface HandlerContext {
  notebook(): Notebook;
  importer(): Importer;
  resourcesDir: string;
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
}

export type Handlers = {
  [M in Method]: (input: Input<M>, ctx: HandlerContext) => Output<M> | Promise<Output<M>>;
};

/** Runs an import job in the app, reporting each file as an event. */
async function importWithProgress(ctx: HandlerContext, inputs: ImportInput[], jobId?: string): Promise<ImportBatch> {
  const batch = await ctx.importer().run(inputs, {
    origin: 'app',
    jobKey: jobId ?? null,
    onProgress: ({ index: _index, ...p }) => ctx.emit('import.progress', { jobId: jobId ?? null, ...p }),
  });
  if (batch.results.some((r) => r.status === 'imported')) ctx.emit('sources.changed', {});
  return batch;
}

export const handlers: Handlers = {
  'notebook.info': (_input, ctx) => {
    const nb = ctx.notebook();
    return { file: nb.file, schemaVersion: SCHEMA_VERSION, sourceCount: listSources(nb.db, 0, 1).total };
  },
  'sources.list': ({ offset, limit }, ctx) => listSources(ctx.notebook().db, offset, limit),
  'sources.get': ({ sourceId }, ctx) => requireSource(ctx.notebook().db, sourceId),
  'sources.importFiles': ({ files, jobId }, ctx) =>
    importWithProgress(
      ctx,
      files.map((f) => ({ file: f.name, bytes: Buffer.from(f.dataBase64, 'base64') })),
      jobId,
    ),
  'sources.importPaths': ({ paths, jobId }, ctx) =>
    importWithProgress(
      ctx,
      expandPaths(paths).map((path) => ({ file: path, path })),
      jobId,
    ),
  'sources.importDropped': ({ jobId, html, text, uriList }, ctx) =>
    importWithProgress(
      ctx,
      [{ file: html ? 'Dropped selection.html' : 'Dropped text.txt', dropped: { html, text, uriList } }],
      jobId,
    ),
  'imports.cancel': ({ jobId, notSent }, ctx) => ({ cancelled: ctx.importer().cancel(jobId, notSent) }),
  'imports.list': ({ limit }, ctx) => listReports(ctx.notebook().db, limit ?? 100),
  'imports.get': ({ reportId }, ctx) => {
    const report = getReport(ctx.notebook().db, reportId);
    if (!report) throw new CasebookError('not_found', `There is no import report ${reportId} in this notebook.`);
    return report;
  },
  'sources.update': ({ sourceId, ...edit }, ctx) => {
    const updated = updateSource(ctx.notebook().db, sourceId, edit);
    ctx.emit('sources.changed', {});
    return updated;
  },
  'sources.original': ({ sourceId }, ctx) => {
    const { fileName, mimeType, bytes } = getOriginal(ctx.notebook().db, sourceId);
    return { fileName, mimeType, dataBase64: bytes.toString('base64') };
  },
  'samples.importSample': async (_input, ctx) => {
    const path = join(ctx.resourcesDir, SAMPLE_ARTICLE);
    const { results } = await importWithProgress(ctx, [{ file: path, path }]);
    return results[0]!;
  },
};
