import { join } from 'node:path';
import { SCHEMA_VERSION } from '../core/db/migrate';
import type { Notebook } from '../core/db/notebook';
import { CasebookError } from '../core/errors';
import { expandPaths, importBytes, importPath } from '../core/sources/import';
import { getSource, listSources } from '../core/sources/repository';
import type { ImportResult } from '../core/sources/types';
import type { EventMap, EventName, Input, Method, Output } from './contract';

export const SAMPLE_ARTICLE = 'samples/2025-07-11-russia-pakistan-natural-allies.txt';

/** What a shell gives the handlers: the open notebook and a way to push events. */
export interface HandlerContext {
  notebook(): Notebook;
  resourcesDir: string;
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
}

export type Handlers = {
  [M in Method]: (input: Input<M>, ctx: HandlerContext) => Output<M> | Promise<Output<M>>;
};

function reportEach(ctx: HandlerContext, total: number, run: (i: number) => ImportResult): ImportResult[] {
  const results: ImportResult[] = [];
  for (let i = 0; i < total; i++) {
    const result = run(i);
    results.push(result);
    ctx.emit('import.progress', { done: i + 1, total, result });
  }
  if (results.some((r) => r.status === 'imported')) ctx.emit('sources.changed', {});
  return results;
}

export const handlers: Handlers = {
  'notebook.info': (_input, ctx) => {
    const nb = ctx.notebook();
    return { file: nb.file, schemaVersion: SCHEMA_VERSION, sourceCount: listSources(nb.db, 0, 1).total };
  },
  'sources.list': ({ offset, limit }, ctx) => listSources(ctx.notebook().db, offset, limit),
  'sources.get': ({ sourceId }, ctx) => {
    const source = getSource(ctx.notebook().db, sourceId);
    if (!source) throw new CasebookError('not_found', `There is no source ${sourceId} in this notebook.`);
    return source;
  },
  'sources.importFiles': ({ files }, ctx) =>
    reportEach(ctx, files.length, (i) => {
      const f = files[i]!;
      return importBytes(ctx.notebook(), { file: f.name, bytes: Buffer.from(f.dataBase64, 'base64') });
    }),
  'sources.importPaths': ({ paths }, ctx) => {
    const files = expandPaths(paths);
    return reportEach(ctx, files.length, (i) => importPath(ctx.notebook(), files[i]!));
  },
  'samples.importSample': (_input, ctx) => {
    const [result] = reportEach(ctx, 1, () => importPath(ctx.notebook(), join(ctx.resourcesDir, SAMPLE_ARTICLE)));
    return result!;
  },
};
