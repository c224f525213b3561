import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import { parseContent, type EditorStateJson, type JsonNode } from '../notes/content';
import type { SourceKind } from '../sources/types';
import { evidence } from './evidence';
import { getDossier } from './repository';
import type { CitationCheck, CitationProblem, EvidenceBlockKind, EvidenceSource } from './types';

/** What a citation prints about a source. */
export type CitedSource = EvidenceSource;

/** A quoted passage as the export prints it, and whether its source still says it. */
export interface CitedPassage {
  passageId: number;
  status: 'ok' | CitationProblem['kind'];
  /** The quote as stored with the passage ('' when the passage is gone). */
  exact: string;
  /** The source's text at the passage's offsets, when it differs from the quote. */
  found: string | null;
  start: number;
  end: number;
  source: CitedSource | null;
  /** PDF sources: the page the passage starts on. */
  page: number | null;
  /** Other sources: the paragraph (blank-line separated block of the canonical text) it starts in, from 1. */
  paragraph: number | null;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Evidence blocks that print passages (and so cite them). */
export const QUOTING_BLOCKS: ReadonlySet<EvidenceBlockKind> = new Set(['passages', 'timeline']);

/** The passages a dossier quotes, in the order the export prints them: quote nodes and live evidence blocks. */
export function quotedPassageIds(db: Database, state: EditorStateJson): number[] {
  const ids: number[] = [];
  const visit = (node: JsonNode): void => {
    if (node.type === 'passage-quote' && isId(node.passageId)) ids.push(node.passageId);
    if (node.type === 'evidence-block' && isId(node.entityId) && QUOTING_BLOCKS.has(node.block as EvidenceBlockKind)) {
      const data = evidence(db, node.entityId, node.block as 'passages' | 'timeline');
      for (const item of data.items) ids.push(item.passageId);
    }
    if (Array.isArray(node.children)) for (const child of node.children) visit(child);
  };
  visit(state.root);
  return [...new Set(ids)];
}

/** 1-based number of the blank-line separated block of `text` that `offset` falls in (as the reader draws them). */
export function paragraphAt(text: string, offset: number): number {
  let n = 0;
  let start = 0;
  while (start <= text.length && start <= offset) {
    const at = text.indexOf('\n\n', start);
    const end = at === -1 ? text.length : at;
    if (text.slice(start, end).trim().length > 0) n++;
    if (at === -1) break;
    start = at + 2;
  }
  return Math.max(1, n);
}

/**
 * Compares each passage with its source's text at its offsets. Source texts
 * are read once each: a dossier quotes many passages of a few sources.
 */
export function inspectPassages(db: Database, passageIds: readonly number[]): Map<number, CitedPassage> {
  const out = new Map<number, CitedPassage>();
  if (passageIds.length === 0) return out;
  const rows = stmt(
    db,
    `SELECT p.id, p.source_id, p.start, p."end", p.exact, p.page, p.status, p.deleted_at,
       s.title, s.byline, s.published_at, s.url, s.file_name, s.kind
     FROM passages p LEFT JOIN sources s ON s.id = p.source_id
     WHERE p.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(passageIds)) as Array<{
    id: number;
    source_id: number;
    start: number;
    end: number;
    exact: string;
    page: number | null;
    status: 'anchored' | 'orphan';
    deleted_at: string | null;
    title: string | null;
    byline: string | null;
    published_at: string | null;
    url: string | null;
    file_name: string | null;
    kind: SourceKind | null;
  }>;
  const texts = new Map<number, string>();
  const textOf = (sourceId: number): string => {
    let text = texts.get(sourceId);
    if (text === undefined) {
      text = (stmt(db, 'SELECT text FROM sources WHERE id = ?').get(sourceId) as { text: string }).text;
      texts.set(sourceId, text);
    }
    return text;
  };
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const passageId of passageIds) {
    const r = byId.get(passageId);
    if (!r || r.title === null || r.kind === null) {
      out.set(passageId, {
        passageId,
        status: 'missing',
        exact: r?.exact ?? '',
        found: null,
        start: r?.start ?? 0,
        end: r?.end ?? 0,
        source: null,
        page: null,
        paragraph: null,
      });
      continue;
    }
    const text = textOf(r.source_id);
    const found = text.slice(r.start, r.end);
    const status: CitedPassage['status'] =
      r.deleted_at !== null ? 'missing' : r.status === 'orphan' ? 'orphan' : found !== r.exact ? 'mismatch' : 'ok';
    out.set(passageId, {
      passageId,
      status,
      exact: r.exact,
      found: status === 'mismatch' ? found : null,
      start: r.start,
      end: r.end,
      source: {
        sourceId: r.source_id,
        title: r.title,
        byline: r.byline,
        date: r.published_at,
        url: r.url,
        fileName: r.file_name,
        kind: r.kind,
      },
      page: r.page,
      paragraph: r.page === null ? paragraphAt(text, r.start) : null,
    });
  }
  return out;
}

const clip = (s: string, max = 80): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The problems among the cited passages, each in a sentence. */
export function problemsOf(cited: Iterable<CitedPassage>): CitationProblem[] {
  const problems: CitationProblem[] = [];
  for (const c of cited) {
    if (c.status === 'ok') continue;
    const quote = c.exact ? `“${clip(c.exact)}”` : `Passage ${c.passageId}`;
    const where = c.source ? ` in “${clip(c.source.title)}”` : '';
    const message =
      c.status === 'mismatch'
        ? `${quote} no longer matches its source${where}, which now reads “${clip(c.found ?? '')}” there.`
        : c.status === 'orphan'
          ? `${quote} could not be found again${where} after its text was re-extracted (an orphan).`
          : c.source
            ? `${quote} was deleted (it is in the trash).`
            : `${quote} is gone from the notebook, with its source.`;
    problems.push({
      passageId: c.passageId,
      sourceId: c.source?.sourceId ?? null,
      sourceTitle: c.source?.title ?? null,
      kind: c.status,
      exact: c.exact,
      found: c.found,
      message,
    });
  }
  return problems;
}

/** The citation check: every quote the export would print, compared with its source's text. */
export function checkCitations(db: Database, dossierId: number): CitationCheck {
  const dossier = getDossier(db, dossierId);
  const ids = quotedPassageIds(db, parseContent(dossier.content));
  return { quotes: ids.length, problems: problemsOf(inspectPassages(db, ids).values()) };
}
