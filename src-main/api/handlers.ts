import { join } from 'node:path';
import { SCHEMA_VERSION } from '../core/db/migrate';
import type { Notebook } from '../core/db/notebook';
import {
  createEntity,
  deleteEntity,
  entityProfile,
  entitySourceIds,
  getEntity,
  listEntities,
  listMerges,
  lookupEntities,
  markDistinct,
  mergeCandidates,
  mergeEntities,
  restoreEntity,
  unmergeEntities,
  updateEntity,
} from '../core/entities/repository';
import { CasebookError } from '../core/errors';
import { checkCitations } from '../core/dossiers/check';
import { draftFromEntity } from '../core/dossiers/draft';
import { evidence } from '../core/dossiers/evidence';
import {
  createDossier,
  deleteDossier,
  getDossier,
  listDossiers,
  restoreDossier,
  saveDossier,
} from '../core/dossiers/repository';
import type { Exporter } from '../core/export/exporter';
import { listVersions } from '../core/notes/history';
import {
  backlinks,
  createNote,
  deleteNote,
  getNote,
  getVersion,
  linkTargets,
  listNotes,
  quoteInNote,
  requireNote,
  resolveRefs,
  restoreNote,
  restoreVersion,
  saveNote,
} from '../core/notes/repository';
import {
  createPassage,
  deletePassage,
  getPassageDetail,
  linkPassage,
  linkPassageToNew,
  listOrphans,
  passagesForSource,
  restorePassage,
  unlinkPassage,
  updatePassage,
} from '../core/passages/repository';
import type { Passage } from '../core/passages/types';
import { expandPaths, type Importer, type ImportInput } from '../core/sources/import';
import { getReport, listReports } from '../core/sources/reports';
import { getOriginal, listSources, requireSource, updateSource } from '../core/sources/repository';
import type { ImportBatch } from '../core/sources/types';
import {
  acceptAllSuggestions,
  acceptSuggestion,
  listSuggestions,
  rejectSuggestion,
} from '../core/suggestions/repository';
import { scan, scanInBackground } from '../core/suggestions/scan';
import { search } from '../core/search/search';
import type { EventMap, EventName, Input, Method, Output } from './contract';
import type { NotebookSafety } from './safety';

export const SAMPLE_ARTICLE = 'samples/2025-07-11-russia-pakistan-natural-allies.txt';

/** What a shell gives the handlers: the open notebook, its importer, a way to push events. */
export interface HandlerContext {
  notebook(): Notebook;
  importer(): Importer;
  /** Dossier exports: their jobs, the PDF printer of the shell. */
  exporter(): Exporter;
  resourcesDir: string;
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  /** Backups, restore, and the watch on the notebook file (issue 8). */
  safety(): NotebookSafety;
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
  // New sources are scanned for suggestions in the background; the import does not wait for it.
  const imported = batch.results.flatMap((r) => (r.status === 'imported' && r.sourceId !== null ? [r.sourceId] : []));
  scanInBackground(ctx.notebook().db, imported, (sourceId) => ctx.emit('suggestions.changed', { sourceId }));
  return batch;
}

/** Tells every window a note changed, so an editor open on it elsewhere knows its copy is stale. */
function noteChanged<T extends { noteId: number; revision: number }>(ctx: HandlerContext, note: T): T {
  ctx.emit('notes.changed', { noteId: note.noteId, revision: note.revision });
  return note;
}

/** A passage's links changed: its source's highlights and the entities' counts. */
function passageChanged(ctx: HandlerContext, passage: Pick<Passage, 'sourceId'>, entities = true): void {
  ctx.emit('passages.changed', { sourceId: passage.sourceId });
  if (entities) ctx.emit('entities.changed', {});
}

/** A merge moves links between entities: every source where the merged one shows. */
function mergeChanged(ctx: HandlerContext, sourceIds: number[]): void {
  ctx.emit('entities.changed', {});
  for (const sourceId of sourceIds) ctx.emit('passages.changed', { sourceId });
  ctx.emit('suggestions.changed', { sourceId: null });
}

/** Tells every window a dossier changed. */
function dossierChanged<T>(ctx: HandlerContext, dossierId: number, value: T): T {
  ctx.emit('dossiers.changed', { dossierId });
  return value;
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

  // ── passages (issue 4) ──
  'passages.create': (input, ctx) => {
    const passage = createPassage(ctx.notebook().db, input);
    passageChanged(ctx, passage, passage.entities.length > 0);
    return passage;
  },
  'passages.forSource': ({ sourceId }, ctx) => passagesForSource(ctx.notebook().db, sourceId),
  'passages.get': ({ passageId }, ctx) => getPassageDetail(ctx.notebook().db, passageId),
  'passages.update': ({ passageId, comment }, ctx) => {
    const passage = updatePassage(ctx.notebook().db, passageId, { comment });
    passageChanged(ctx, passage, false);
    return passage;
  },
  'passages.link': ({ passageId, entityId, newEntity }, ctx) => {
    const db = ctx.notebook().db;
    const passage =
      newEntity !== undefined
        ? linkPassageToNew(db, passageId, newEntity).passage
        : linkPassage(db, passageId, entityId!);
    passageChanged(ctx, passage);
    return passage;
  },
  'passages.unlink': ({ passageId, entityId }, ctx) => {
    const passage = unlinkPassage(ctx.notebook().db, passageId, entityId);
    passageChanged(ctx, passage);
    return passage;
  },
  'passages.delete': ({ passageId }, ctx) => {
    const deleted = deletePassage(ctx.notebook().db, passageId);
    passageChanged(ctx, deleted);
    return { passageId };
  },
  'passages.restore': ({ passageId }, ctx) => {
    const passage = restorePassage(ctx.notebook().db, passageId);
    passageChanged(ctx, passage);
    return passage;
  },
  'passages.orphans': (_input, ctx) => listOrphans(ctx.notebook().db),

  // ── entities (issue 4) ──
  'entities.create': (input, ctx) => {
    const entity = createEntity(ctx.notebook().db, input);
    ctx.emit('entities.changed', {});
    return entity;
  },
  'entities.list': (query, ctx) => listEntities(ctx.notebook().db, query),
  'entities.lookup': ({ query, limit }, ctx) => lookupEntities(ctx.notebook().db, query, limit ?? 10),
  'entities.get': ({ entityId }, ctx) => getEntity(ctx.notebook().db, entityId),
  'entities.update': ({ entityId, ...edit }, ctx) => {
    const entity = updateEntity(ctx.notebook().db, entityId, edit);
    ctx.emit('entities.changed', {});
    return entity;
  },
  'entities.delete': ({ entityId }, ctx) => {
    const entity = deleteEntity(ctx.notebook().db, entityId);
    ctx.emit('entities.changed', {});
    return entity;
  },
  'entities.restore': ({ entityId }, ctx) => {
    const entity = restoreEntity(ctx.notebook().db, entityId);
    ctx.emit('entities.changed', {});
    return entity;
  },
  'entities.merge': ({ survivorId, mergedId }, ctx) => {
    const db = ctx.notebook().db;
    const sourceIds = entitySourceIds(db, mergedId);
    const record = mergeEntities(db, survivorId, mergedId);
    mergeChanged(ctx, sourceIds);
    return record;
  },
  'entities.unmerge': ({ mergeId }, ctx) => {
    const db = ctx.notebook().db;
    const record = unmergeEntities(db, mergeId);
    mergeChanged(ctx, entitySourceIds(db, record.mergedId));
    return record;
  },
  'entities.merges': ({ entityId }, ctx) => listMerges(ctx.notebook().db, entityId),
  'entities.markDistinct': ({ aId, bId }, ctx) => {
    const pair = markDistinct(ctx.notebook().db, aId, bId);
    ctx.emit('entities.changed', {});
    return pair;
  },
  'entities.mergeCandidates': ({ limit }, ctx) => mergeCandidates(ctx.notebook().db, limit ?? 50),
  'entities.profile': ({ entityId }, ctx) => entityProfile(ctx.notebook().db, entityId),

  // ── suggestions (issue 4) ──
  'suggestions.list': ({ offset, limit, ...filter }, ctx) => listSuggestions(ctx.notebook().db, filter, offset, limit),
  'suggestions.scan': async (scope, ctx) => {
    const { found, sourceIds } = await scan(ctx.notebook().db, scope);
    if (found > 0) ctx.emit('suggestions.changed', { sourceId: sourceIds.length === 1 ? sourceIds[0]! : null });
    return { found };
  },
  'suggestions.accept': ({ suggestionId, ...choice }, ctx) => {
    const { passage, entityId, entityChanged } = acceptSuggestion(ctx.notebook().db, suggestionId, choice);
    ctx.emit('passages.changed', { sourceId: passage.sourceId });
    // A new entity takes over the same proposal in other sources.
    ctx.emit('suggestions.changed', { sourceId: entityChanged ? null : passage.sourceId });
    if (entityChanged) ctx.emit('entities.changed', {});
    return { passage, entityId };
  },
  'suggestions.reject': ({ suggestionId }, ctx) => {
    const { sourceIds } = rejectSuggestion(ctx.notebook().db, suggestionId);
    ctx.emit('suggestions.changed', { sourceId: sourceIds.length === 1 ? sourceIds[0]! : null });
    return { suggestionId };
  },
  'suggestions.acceptAll': ({ entityId, sourceId }, ctx) => {
    const { accepted, sourceIds, entityChanged } = acceptAllSuggestions(ctx.notebook().db, entityId, sourceId);
    for (const id of sourceIds) ctx.emit('passages.changed', { sourceId: id });
    if (entityChanged) ctx.emit('entities.changed', {});
    if (accepted > 0) ctx.emit('suggestions.changed', { sourceId: sourceIds.length === 1 ? sourceIds[0]! : null });
    return { accepted };
  },

  // ── notes (issue 5) ──
  'notes.create': ({ content }, ctx) => noteChanged(ctx, createNote(ctx.notebook().db, { content })),
  'notes.get': ({ noteId }, ctx) => getNote(ctx.notebook().db, noteId),
  'notes.list': (input, ctx) => listNotes(ctx.notebook().db, input),
  'notes.save': (input, ctx) => noteChanged(ctx, saveNote(ctx.notebook().db, input)),
  'notes.quotePassage': (input, ctx) => noteChanged(ctx, quoteInNote(ctx.notebook().db, input)),
  'notes.history': ({ noteId }, ctx) => {
    requireNote(ctx.notebook().db, noteId);
    return listVersions(ctx.notebook().db, noteId);
  },
  'notes.version': ({ versionId }, ctx) => getVersion(ctx.notebook().db, versionId),
  'notes.restoreVersion': ({ noteId, versionId }, ctx) =>
    noteChanged(ctx, restoreVersion(ctx.notebook().db, noteId, versionId)),
  'notes.backlinks': ({ target, id }, ctx) => backlinks(ctx.notebook().db, target, id),
  'notes.resolve': (ids, ctx) => resolveRefs(ctx.notebook().db, ids),
  'notes.linkTargets': ({ query, limit }, ctx) => linkTargets(ctx.notebook().db, query, limit ?? 8),
  'notes.delete': ({ noteId }, ctx) => noteChanged(ctx, deleteNote(ctx.notebook().db, noteId)),
  'notes.restore': ({ noteId }, ctx) => noteChanged(ctx, restoreNote(ctx.notebook().db, noteId)),

  // ── search (issue 6) ──
  'search.query': (input, ctx) => search(ctx.notebook().db, input),

  // ── dossiers (issue 7) ──
  'dossiers.list': (input, ctx) => listDossiers(ctx.notebook().db, input),
  'dossiers.get': ({ dossierId }, ctx) => getDossier(ctx.notebook().db, dossierId),
  'dossiers.create': (input, ctx) => {
    const dossier = createDossier(ctx.notebook().db, input);
    return dossierChanged(ctx, dossier.id, dossier);
  },
  'dossiers.fromEntity': ({ entityId, ...fields }, ctx) => {
    const dossier = draftFromEntity(ctx.notebook().db, entityId, fields);
    return dossierChanged(ctx, dossier.id, dossier);
  },
  'dossiers.save': (input, ctx) => dossierChanged(ctx, input.dossierId, saveDossier(ctx.notebook().db, input)),
  'dossiers.delete': ({ dossierId }, ctx) =>
    dossierChanged(ctx, dossierId, deleteDossier(ctx.notebook().db, dossierId)),
  'dossiers.restore': ({ dossierId }, ctx) =>
    dossierChanged(ctx, dossierId, restoreDossier(ctx.notebook().db, dossierId)),
  'dossiers.evidence': ({ entityId, block }, ctx) => evidence(ctx.notebook().db, entityId, block),
  'dossiers.check': ({ dossierId }, ctx) => checkCitations(ctx.notebook().db, dossierId),
  'dossiers.export': (input, ctx) =>
    ctx.exporter().run(ctx.notebook(), input, (progress) => ctx.emit('export.progress', progress)),
  'dossiers.cancelExport': ({ jobId }, ctx) => ({ cancelled: ctx.exporter().cancel(jobId) }),

  // ── backups (issue 8) ──
  'backups.list': (_input, ctx) => ctx.safety().list(),
  'backups.create': (_input, ctx) => ctx.safety().create(),
  'backups.restore': ({ backupId }, ctx) => ctx.safety().restore(backupId),
  'backups.settings': (patch, ctx) => ctx.safety().settings(patch),
};
