import type { ErrorInfo } from '../errors';

/** The original format, named by its usual extension (the CLI's `kind`). */
export const SOURCE_KINDS = ['txt', 'md', 'html', 'pdf', 'docx'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface SourceRef {
  sourceId: number;
  title: string;
}

/** One row of the Library. */
export interface SourceSummary {
  sourceId: number;
  title: string;
  publishedAt: string | null;
  kind: SourceKind;
  importedAt: string;
  /** Flagged at import: the same story, re-published with small edits. */
  nearDuplicateOf: SourceRef | null;
}

/** Where headings and pages fall in the canonical text: [start, end) offsets. */
export interface SourceLayout {
  headings: Array<{ start: number; end: number; level: number }>;
  pages: Array<{ page: number; start: number; end: number }>;
}

export interface SourceDetail {
  sourceId: number;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  url: string | null;
  lang: string | null;
  kind: SourceKind;
  fileName: string | null;
  /** Which extractor, at which version, produced the text. */
  extractor: string;
  importedAt: string;
  updatedAt: string;
  nearDuplicateOf: SourceRef | null;
  hasOriginal: boolean;
  layout: SourceLayout;
  text: string;
}

export interface SourcePage {
  total: number;
  offset: number;
  items: SourceSummary[];
}

export type ImportStatus = 'imported' | 'duplicate' | 'failed';

/** The outcome for one input file; also the CLI's `import --json` line. */
export interface ImportResult {
  file: string;
  status: ImportStatus;
  sourceId: number | null;
  title: string | null;
  publishedAt: string | null;
  kind: SourceKind | null;
  error: ErrorInfo | null;
}

export interface ImportReportSummary {
  reportId: number;
  origin: 'app' | 'cli';
  startedAt: string;
  /** null while running, or when the import was interrupted (the app or machine stopped). */
  finishedAt: string | null;
  imported: number;
  duplicates: number;
  failed: number;
  /** Files never started because the import was cancelled. */
  cancelledFiles: number;
  cancelled: boolean;
}

export interface ImportReport extends ImportReportSummary {
  items: ImportResult[];
}

/** The outcome of one import call: its report and one result per input file. */
export interface ImportBatch {
  reportId: number;
  results: ImportResult[];
}
