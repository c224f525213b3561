import type { Database } from 'better-sqlite3';
import { problemsOf } from '../dossiers/check';
import type { CitationProblem, ExportFormat, ExportPhase } from '../dossiers/types';
import { CasebookError } from '../errors';
import { printStylesheet } from './fonts';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { buildModel, type DossierModel } from './model';
import { destinationPages, throwIfAborted, type PdfPrinter } from './pdf';
import { renderHtml, tocEntries } from './template';

export interface RenderContext {
  resourcesDir: string;
  /** Asked for only when the format is PDF. */
  printer: () => PdfPrinter;
  signal: AbortSignal;
  onProgress?: (phase: ExportPhase, done: number, total: number) => void;
  /** Export even when the citation check finds problems (they are then marked in the document). */
  force?: boolean;
  now?: Date;
}

export interface Rendered {
  bytes: Uint8Array;
  /** PDF only. */
  pages: number | null;
  model: DossierModel;
  /** What the citation check found (exported anyway only with `force`). */
  problems: CitationProblem[];
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The refusal when the citation check finds problems: they are listed, and the analyst decides. */
export function checkFailed(problems: CitationProblem[]): CasebookError {
  const shown = problems.slice(0, 3).map((p) => p.message);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return new CasebookError(
    'conflict',
    `The citation check found ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}: ` +
      `${shown.join(' ')}${more} Export anyway to print them marked in the notes.`,
  );
}

/**
 * A dossier in one format, checked first. A PDF is printed twice: once,
 * plain, to learn which page each section the contents list falls on (their
 * links' destinations); then, tagged and with an outline, with those numbers
 * in the contents. The page numbers have a fixed width, so the second print
 * lays out exactly like the first.
 */
export async function renderDossier(
  db: Database,
  dossierId: number,
  format: ExportFormat,
  ctx: RenderContext,
): Promise<Rendered> {
  const progress = ctx.onProgress ?? (() => {});
  progress('check', 0, 1);
  const model = buildModel(db, dossierId, ctx.now);
  const problems = problemsOf(model.citations);
  if (problems.length > 0 && !ctx.force) throw checkFailed(problems);
  progress('check', 1, 1);
  throwIfAborted(ctx.signal);

  progress('layout', 0, 1);
  if (format === 'md' || format === 'json') {
    const text = format === 'md' ? renderMarkdown(model) : renderJson(model);
    progress('layout', 1, 1);
    return { bytes: utf8(text), pages: null, model, problems };
  }
  const css = printStylesheet(ctx.resourcesDir);
  if (format === 'html') {
    const html = renderHtml(model, { css, pages: null });
    progress('layout', 1, 1);
    return { bytes: utf8(html), pages: null, model, problems };
  }
  const measuring = renderHtml(model, { css, pages: 'measure' });
  progress('layout', 1, 1);
  const printer = ctx.printer();
  progress('print', 0, 2);
  const first = await printer.print({ html: measuring, tagged: false }, ctx.signal);
  progress('print', 1, 2);
  progress('paginate', 0, 1);
  const anchors = tocEntries(model).map((e) => e.anchor);
  const { pages, destinations } = await destinationPages(first, anchors);
  progress('paginate', 1, 1);
  throwIfAborted(ctx.signal);
  const final = await printer.print(
    { html: renderHtml(model, { css, pages: destinations }), tagged: true },
    ctx.signal,
  );
  progress('print', 2, 2);
  return { bytes: final, pages, model, problems };
}
