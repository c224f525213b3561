import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { Notebook } from '../db/notebook';
import type { ExportFormat, ExportProgress, ExportResult } from '../dossiers/types';
import { CasebookError } from '../errors';
import { EXTENSIONS, exportsDirOf, safeFileName, writeNew } from './files';
import { cancelled, chromiumPrinter, type PdfPrinter } from './pdf';
import { renderDossier } from './render';

export interface ExporterOptions {
  resourcesDir: string;
  /** The shell's printer (Electron's printToPDF); Chromium through playwright-core when absent. */
  printer?: PdfPrinter;
  /**
   * Where a browser downloads a written file (browser mode serves the Exports
   * folder); null where the file is opened from disk (the desktop app).
   */
  downloadUrl?: ((fileName: string) => string) | null;
}

export interface ExportInput {
  dossierId: number;
  format: ExportFormat;
  force?: boolean;
  jobId?: string;
}

/** The URL browser mode serves an export at (see web/server.ts). */
export const exportDownloadUrl = (fileName: string): string => `/exports/${encodeURIComponent(fileName)}`;

/**
 * Dossier exports of one session: each runs as a job that reports progress
 * and can be cancelled, and writes its file into the notebook's Exports
 * folder only once it is complete.
 */
export class Exporter {
  private readonly jobs = new Map<string, AbortController>();
  private printer: PdfPrinter | null;

  constructor(private readonly options: ExporterOptions) {
    this.printer = options.printer ?? null;
  }

  private printerFor = (): PdfPrinter => (this.printer ??= chromiumPrinter());

  async run(notebook: Notebook, input: ExportInput, onProgress: (p: ExportProgress) => void): Promise<ExportResult> {
    const jobId = input.jobId ?? `export-${randomBytes(6).toString('hex')}`;
    if (this.jobs.has(jobId)) throw new CasebookError('invalid_input', `Export ${jobId} is already running.`);
    const controller = new AbortController();
    this.jobs.set(jobId, controller);
    try {
      const { db, file } = notebook;
      const rendered = await renderDossier(db, input.dossierId, input.format, {
        resourcesDir: this.options.resourcesDir,
        printer: this.printerFor,
        signal: controller.signal,
        force: input.force,
        onProgress: (phase, done, total) => onProgress({ jobId, phase, done, total }),
      });
      onProgress({ jobId, phase: 'write', done: 0, total: 1 });
      if (controller.signal.aborted) throw cancelled();
      const path = writeNew(
        exportsDirOf(file),
        safeFileName(rendered.model.dossier.title),
        EXTENSIONS[input.format],
        rendered.bytes,
      );
      onProgress({ jobId, phase: 'write', done: 1, total: 1 });
      const download = this.options.downloadUrl === undefined ? exportDownloadUrl : this.options.downloadUrl;
      return {
        jobId,
        format: input.format,
        path,
        bytes: rendered.bytes.byteLength,
        pages: rendered.pages,
        downloadUrl: download ? download(basename(path)) : null,
      };
    } finally {
      this.jobs.delete(jobId);
    }
  }

  /** True when the job was running; it then ends with a `cancelled` error and writes nothing. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.abort();
    return true;
  }

  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.abort();
    await this.printer?.close();
  }
}
