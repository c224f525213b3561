import type { EntityType } from '../entities/types';
import type { SourceKind } from '../sources/types';

/**
 * A dossier: an editable document (the notes' Lexical editor state) with a
 * title, an optional subject entity and a handling line, built from the
 * evidence in the notebook and exported with citations back to the passages.
 */
export interface Dossier {
  id: number;
  title: string;
  subjectEntityId: number | null;
  /** The classification or handling line, free text ("INTERNAL"); '' for none. */
  classification: string;
  analyst: string;
  /** The Lexical editor state, JSON text, exactly as last saved. */
  content: string;
  /** Bumped by every save; a save must name the revision it was based on. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Set while the dossier is in the trash. */
  deletedAt: string | null;
}

/** A row of the dossiers list. */
export interface DossierSummary {
  id: number;
  title: string;
  subjectEntityId: number | null;
  /** The subject's current name (after renames and merges); null without a subject. */
  subjectName: string | null;
  classification: string;
  updatedAt: string;
}

export interface DossierSaved {
  revision: number;
  updatedAt: string;
}

/** The live evidence blocks a dossier can hold (`evidence-block` nodes). */
export const EVIDENCE_BLOCKS = ['passages', 'timeline', 'cooccurring', 'sources'] as const;
export type EvidenceBlockKind = (typeof EVIDENCE_BLOCKS)[number];

/** A passage linked to the entity, with what a citation needs of its source. */
export interface EvidencePassage {
  passageId: number;
  sourceId: number;
  sourceTitle: string;
  sourceDate: string | null;
  /** PDF sources: the page the passage starts on. */
  page: number | null;
  exact: string;
  comment: string | null;
}

/** A dated Event entity that shares passages or sources with the entity (or the entity itself). */
export interface EvidenceEvent {
  entityId: number;
  name: string;
  dateStart: string;
  dateEnd: string | null;
}

export interface EvidenceSource {
  sourceId: number;
  title: string;
  byline: string | null;
  date: string | null;
  url: string | null;
  fileName: string | null;
  kind: SourceKind;
}

export type EvidenceData =
  /** Every live passage linked to the entity, by source date (undated last), then position. */
  | { block: 'passages'; items: EvidencePassage[] }
  /**
   * Passages of dated sources, oldest first, and the dated events around the
   * entity (`events`, by start date): the two strands of a timeline.
   */
  | { block: 'timeline'; items: EvidencePassage[]; events: EvidenceEvent[] }
  /** Entities linked to the same passages (`count`) or sources (`sources`), most shared first. */
  | {
      block: 'cooccurring';
      items: Array<{ entityId: number; name: string; type: EntityType; count: number; sources: number }>;
    }
  /** The sources of the entity's passages, by date. */
  | { block: 'sources'; items: EvidenceSource[] };

/** One quote that does not match its source any more. */
export interface CitationProblem {
  passageId: number;
  sourceId: number | null;
  sourceTitle: string | null;
  /**
   * `mismatch`: the source's text at the passage's offsets is not the quote;
   * `orphan`: the passage could not be re-anchored after a re-extraction;
   * `missing`: the passage is in the trash or gone with its source.
   */
  kind: 'mismatch' | 'orphan' | 'missing';
  /** The quote as the dossier will print it ('' when nothing is left of it). */
  exact: string;
  /** What the source says at those offsets now (mismatch only). */
  found: string | null;
  /** The problem in a sentence, for the export dialog and the CLI. */
  message: string;
}

export interface CitationCheck {
  /** Quotes the export would print: quote nodes and the passages of live evidence blocks. */
  quotes: number;
  problems: CitationProblem[];
}

export const EXPORT_FORMATS = ['pdf', 'html', 'md', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_PHASES = ['check', 'layout', 'print', 'paginate', 'write'] as const;
export type ExportPhase = (typeof EXPORT_PHASES)[number];

/** An export's progress: `done` of `total` steps of the phase it is in. */
export interface ExportProgress {
  jobId: string;
  phase: ExportPhase;
  done: number;
  total: number;
}

export interface ExportResult {
  jobId: string;
  format: ExportFormat;
  /** Where the file was written: the notebook's Exports folder. */
  path: string;
  bytes: number;
  /** PDF only. */
  pages: number | null;
  /** Browser mode: where the browser can download the file (token-checked); null in the desktop app. */
  downloadUrl: string | null;
}
