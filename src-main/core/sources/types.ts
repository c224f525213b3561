import type { ErrorInfo } from '../errors';

/** The original format, named by its usual extension (the CLI's `kind`). */
export const SOURCE_KINDS = ['txt', 'md', 'html', 'pdf', 'docx'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** One row of the Library. */
export interface SourceSummary {
  sourceId: number;
  title: string;
  publishedAt: string | null;
  kind: SourceKind;
  importedAt: string;
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
  importedAt: string;
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

/** What an extractor hands to the store: canonical text plus metadata. */
export interface Extracted {
  kind: SourceKind;
  extractor: string;
  text: string;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  url: string | null;
}
