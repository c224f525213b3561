import type { SourceKind } from '../types';

/** One block of an extracted document; the canonical text is its blocks joined by blank lines. */
export interface Block {
  kind: 'heading' | 'paragraph';
  /** Raw block text: assembly normalizes it (NFC, spaces, line endings). */
  text: string;
  /** Heading level 1–6, for headings. */
  level?: number;
  /** 1-based page the block is on (PDF). */
  page?: number;
}

/** What every format's extractor returns: blocks plus whatever metadata the file carried. */
export interface ExtractedDoc {
  kind: SourceKind;
  /** Extractor name and version, stored with the source for provenance, e.g. `html@1`. */
  extractor: string;
  blocks: Block[];
  title: string | null;
  byline: string | null;
  /** YYYY-MM-DD (see toIsoDate). */
  publishedAt: string | null;
  url: string | null;
}

export interface ExtractContext {
  fileName: string;
}

/**
 * A format's extractor. Runs in a worker thread; may be async (PDF). Throws
 * CasebookError with a specific code and a sentence a person understands for
 * every bad input it recognizes.
 */
export type Extractor = (bytes: Uint8Array, ctx: ExtractContext) => ExtractedDoc | Promise<ExtractedDoc>;
