import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import type { ImportReport, ImportReportSummary, ImportResult, SourceKind } from './types';

interface DbImportReport {
  id: number;
  job_key: string | null;
  origin: 'app' | 'cli';
  started_at: string;
  finished_at: string | null;
  imported: number;
  duplicates: number;
  failed: number;
  cancelled_files: number;
  cancelled: 0 | 1;
}

interface DbImportReportItem {
  seq: number;
  file: string;
  status: ImportResult['status'];
  source_id: number | null;
  kind: SourceKind | null;
  title: string | null;
  published_at: string | null;
  error_code: string | null;
  error_message: string | null;
}

const toSummary = (r: DbImportReport): ImportReportSummary => ({
  reportId: r.id,
  origin: r.origin,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  imported: r.imported,
  duplicates: r.duplicates,
  failed: r.failed,
  cancelledFiles: r.cancelled_files,
  cancelled: r.cancelled === 1,
});

/** The report a job writes into; calls sharing a job key share one report. */
export function openReport(
  db: Database,
  origin: 'app' | 'cli',
  jobKey: string | null,
): { reportId: number; nextSeq: number } {
  return db.transaction(() => {
    const existing = jobKey
      ? (stmt(db, 'SELECT id FROM import_reports WHERE job_key = ?').get(jobKey) as { id: number } | undefined)
      : undefined;
    // A call joining a report makes it running again until the call finishes.
    if (existing) stmt(db, 'UPDATE import_reports SET finished_at = NULL WHERE id = ?').run(existing.id);
    const reportId = existing
      ? existing.id
      : Number(
          stmt(db, 'INSERT INTO import_reports (job_key, origin, started_at) VALUES (?, ?, ?)').run(
            jobKey,
            origin,
            new Date().toISOString(),
          ).lastInsertRowid,
        );
    const { n } = stmt(db, 'SELECT coalesce(max(seq), 0) AS n FROM import_report_items WHERE report_id = ?').get(
      reportId,
    ) as { n: number };
    return { reportId, nextSeq: n + 1 };
  })();
}

export function reportExists(db: Database, jobKey: string): boolean {
  return stmt(db, 'SELECT 1 FROM import_reports WHERE job_key = ?').get(jobKey) !== undefined;
}

export function finishReport(db: Database, reportId: number, cancelled: boolean): void {
  stmt(db, 'UPDATE import_reports SET finished_at = ?, cancelled = max(cancelled, ?) WHERE id = ?').run(
    new Date().toISOString(),
    cancelled ? 1 : 0,
    reportId,
  );
}

export function listReports(db: Database, limit: number): ImportReportSummary[] {
  return (stmt(db, 'SELECT * FROM import_reports ORDER BY id DESC LIMIT ?').all(limit) as DbImportReport[]).map(
    toSummary,
  );
}

export function getReport(db: Database, reportId: number): ImportReport | undefined {
  const row = stmt(db, 'SELECT * FROM import_reports WHERE id = ?').get(reportId) as DbImportReport | undefined;
  if (!row) return undefined;
  const items = stmt(db, 'SELECT * FROM import_report_items WHERE report_id = ? ORDER BY seq').all(
    reportId,
  ) as DbImportReportItem[];
  return {
    ...toSummary(row),
    items: items.map((i) => ({
      file: i.file,
      status: i.status,
      sourceId: i.source_id,
      title: i.title,
      publishedAt: i.published_at,
      kind: i.kind,
      error: i.error_code ? { code: i.error_code as never, message: i.error_message ?? '' } : null,
    })),
  };
}
