import { resolve } from 'node:path';
import type { Session } from '../../api/session';
import { draftFromEntity } from '../../core/dossiers/draft';
import { getDossier } from '../../core/dossiers/repository';
import type { ExportFormat } from '../../core/dossiers/types';
import { findEntityByName } from '../../core/entities/repository';
import { CasebookError } from '../../core/errors';
import { EXTENSIONS, exportsDirOf, safeFileName, writeNew, writeReplacing } from '../../core/export/files';
import { chromiumPrinter, type PdfPrinter } from '../../core/export/pdf';
import { checkFailed, renderDossier } from '../../core/export/render';
import { problemsOf } from '../../core/dossiers/check';
import { buildModel } from '../../core/export/model';

export interface DossierExportOptions {
  entity?: string;
  dossierId?: number;
  /** Files to write, by format; none: a PDF in the notebook's Exports folder. */
  files: Partial<Record<ExportFormat, string>>;
  classification?: string;
  analyst?: string;
  force: boolean;
  resourcesDir: string;
}

/**
 * `--json` is both the switch for JSON lines and, in `dossier export`, the
 * option naming a JSON file: `--json FILE` (or `--json=FILE`) names a file,
 * a bare `--json` asks for JSON lines. Returns the arguments with the file
 * form renamed to `--json-file`.
 */
export function splitJsonFileArg(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--json=')) out.push('--json-file', a.slice('--json='.length));
    else if (a === '--json' && i + 1 < args.length && !args[i + 1]!.startsWith('-'))
      out.push('--json-file', args[++i]!);
    else out.push(a);
  }
  return out;
}

/**
 * `casebook dossier export`: checks the dossier's citations (refusing, with
 * the problems listed, unless --force), then writes each format asked for.
 * With --entity, a draft dossier is first built from the entity (and kept in
 * the notebook, where the app can open and edit it).
 */
export async function dossierExport(
  session: Session,
  o: DossierExportOptions,
  json: boolean,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const db = session.notebook().db;
  let dossierId: number;
  if (o.entity !== undefined) {
    const entity = findEntityByName(db, o.entity);
    if (!entity) throw new CasebookError('not_found', `No entity is called "${o.entity}".`);
    dossierId = draftFromEntity(db, entity.entityId, { classification: o.classification, analyst: o.analyst }).id;
    if (!json) out(`Created dossier #${dossierId} from ${entity.type.toLowerCase()} ${entity.name}`);
  } else {
    dossierId = getDossier(db, o.dossierId!).id;
  }

  const problems = problemsOf(buildModel(db, dossierId).citations);
  if (problems.length > 0) {
    for (const p of problems) err(`citation check: ${p.kind}: ${p.message}`);
    if (!o.force) throw checkFailed(problems);
  }

  const targets: Array<[ExportFormat, string | null]> = Object.entries(o.files).map(([f, path]) => [
    f as ExportFormat,
    resolve(path),
  ]);
  if (targets.length === 0) targets.push(['pdf', null]);

  let printer: PdfPrinter | null = null;
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    for (const [format, path] of targets) {
      const rendered = await renderDossier(db, dossierId, format, {
        resourcesDir: o.resourcesDir,
        printer: () => (printer ??= chromiumPrinter()),
        signal: controller.signal,
        force: o.force,
      });
      let written: string;
      if (path) {
        writeReplacing(path, rendered.bytes);
        written = path;
      } else {
        written = writeNew(
          exportsDirOf(session.notebook().file),
          safeFileName(rendered.model.dossier.title),
          EXTENSIONS[format],
          rendered.bytes,
        );
      }
      const line = { format, path: written, bytes: rendered.bytes.byteLength, pages: rendered.pages, dossierId };
      out(
        json
          ? JSON.stringify(line)
          : `${format.toUpperCase().padEnd(4)} ${written}  (${line.bytes} bytes${line.pages === null ? '' : `, ${line.pages} pages`})`,
      );
    }
  } finally {
    process.off('SIGINT', stop);
    await (printer as PdfPrinter | null)?.close();
  }
  return 0;
}
