import type { Database } from 'better-sqlite3';
import { inspectPassages, type CitedPassage, type CitedSource } from '../dossiers/check';
import { evidence, resolveEntityId, sourcesByIds } from '../dossiers/evidence';
import { getDossier } from '../dossiers/repository';
import { EVIDENCE_BLOCKS, type EvidenceBlockKind } from '../dossiers/types';
import { getEntity } from '../entities/repository';
import type { Entity, EntityType } from '../entities/types';
import { CasebookError } from '../errors';
import { collectRefs, parseContent, type JsonNode } from '../notes/content';
import { resolveRefs } from '../notes/repository';

/**
 * A dossier resolved for export: its editor state read into plain blocks (no
 * Lexical), every id looked up once, quotes numbered in reading order, and
 * the sources they cite gathered for the bibliography. The HTML, Markdown and
 * JSON writers all render this one model, so the formats cannot disagree.
 */

/** Lexical's text format bits. */
export const FORMAT = {
  bold: 1,
  italic: 2,
  strikethrough: 4,
  underline: 8,
  code: 16,
  subscript: 32,
  superscript: 64,
} as const;

export type Inline =
  | { t: 'text'; text: string; format: number }
  | { t: 'break' }
  /** `href` is null when the link is not a web or mail address (it then prints as its text). */
  | { t: 'link'; href: string | null; children: Inline[] }
  | { t: 'entity'; entityId: number; name: string; entityType: EntityType | null }
  | { t: 'source'; sourceId: number; title: string }
  | { t: 'note'; noteId: number; title: string };

export interface CardEntity {
  entityId: number;
  name: string;
  type: EntityType;
  aliases: string[];
  description: string;
  dateStart: string | null;
  dateEnd: string | null;
}

export type TimelineEntry =
  | { t: 'passage'; date: string; n: number; comment: string | null }
  | { t: 'event'; date: string; dateEnd: string | null; entityId: number; name: string };

export type EvidenceModel =
  | {
      kind: 'passages';
      groups: Array<{
        sourceId: number;
        title: string;
        date: string | null;
        items: Array<{ n: number; comment: string | null }>;
      }>;
    }
  | { kind: 'timeline'; entries: TimelineEntry[] }
  | {
      kind: 'cooccurring';
      rows: Array<{ entityId: number; name: string; type: EntityType; passages: number; sources: number }>;
    }
  | { kind: 'sources'; sources: CitedSource[] };

export type Block =
  | { t: 'heading'; level: number; anchor: string; text: string; inlines: Inline[] }
  | { t: 'paragraph'; inlines: Inline[]; align: 'left' | 'center' | 'right' | 'justify' | null }
  | { t: 'quote'; inlines: Inline[] }
  | { t: 'list'; ordered: boolean; start: number; items: Array<{ checked: boolean | null; blocks: Block[] }> }
  | { t: 'table'; rows: Array<Array<{ header: boolean; blocks: Block[] }>> }
  | { t: 'code'; text: string }
  | { t: 'rule' }
  /** A passage quote: the passage's text with its citation number. */
  | { t: 'citation'; n: number }
  /** An entity card; null when the entity is gone from the notebook. */
  | { t: 'card'; entityId: number; entity: CardEntity | null }
  /** A live evidence block, as the notebook stands now; `entityName` null when the entity is gone. */
  | { t: 'evidence'; entityId: number; entityName: string | null; evidence: EvidenceModel | null };

export interface Citation extends CitedPassage {
  n: number;
}

export interface TocEntry {
  level: number;
  text: string;
  anchor: string;
}

export interface DossierModel {
  dossier: {
    id: number;
    title: string;
    classification: string;
    analyst: string;
    subject: { entityId: number; name: string; type: EntityType } | null;
    revision: number;
    createdAt: string;
    updatedAt: string;
  };
  /** The day of the export, YYYY-MM-DD. */
  exportedOn: string;
  blocks: Block[];
  /** In reading order; a passage quoted twice keeps its first number. */
  citations: Citation[];
  /** Every source the dossier cites (by quotes, links and source lists), by title. */
  sources: Array<CitedSource & { citations: number[] }>;
  /** Entities the dossier names (mentions, cards, evidence), by name: for the JSON export. */
  entities: CardEntity[];
  /** The dossier's headings down to h3, for the table of contents (the PDF outline has them all). */
  toc: TocEntry[];
  /** The heading level the body's top sections use; Notes and Sources sit at it too. */
  topLevel: number;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Only addresses a reader can follow outside Casebook; the app's own routes and script URLs print as text. */
export function safeHref(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

const TOC_DEPTH = 3;

export function buildModel(db: Database, dossierId: number, now = new Date()): DossierModel {
  const dossier = getDossier(db, dossierId);
  const state = parseContent(dossier.content);
  const refs = collectRefs(state);
  const resolved = resolveRefs(db, {
    entityIds: [...refs.entities],
    passageIds: [],
    sourceIds: [...refs.sources],
    noteIds: [...refs.notes],
  });
  const entityViews = new Map(resolved.entities.map((e) => [e.entityId, e]));
  const sourceViews = new Map(resolved.sources.map((s) => [s.sourceId, s]));
  const noteViews = new Map(resolved.notes.map((n) => [n.noteId, n]));

  const entities = new Map<number, CardEntity | null>();
  const entityOf = (entityId: number): CardEntity | null => {
    const id = resolveEntityId(db, entityId);
    if (!entities.has(id)) {
      let e: Entity | null = null;
      try {
        e = getEntity(db, id);
      } catch (err) {
        if (!(err instanceof CasebookError && err.code === 'not_found')) throw err;
      }
      entities.set(
        id,
        e && {
          entityId: e.entityId,
          name: e.name,
          type: e.type,
          aliases: e.aliases,
          description: e.description,
          dateStart: e.dateStart,
          dateEnd: e.dateEnd,
        },
      );
    }
    return entities.get(id)!;
  };

  // Quotes are numbered as they are met; their passages are inspected in one pass at the end.
  const numbers = new Map<number, number>();
  const cite = (passageId: number): number => {
    let n = numbers.get(passageId);
    if (n === undefined) numbers.set(passageId, (n = numbers.size + 1));
    return n;
  };
  const linkedSources = new Set<number>();
  const listedSources = new Map<number, CitedSource>();

  let headingCount = 0;
  const toc: TocEntry[] = [];

  const inlinesOf = (nodes: JsonNode[] | undefined): Inline[] => {
    const out: Inline[] = [];
    for (const node of nodes ?? []) {
      switch (node.type) {
        case 'text':
        case 'code-highlight':
          if (typeof node.text === 'string' && node.text)
            out.push({ t: 'text', text: node.text, format: typeof node.format === 'number' ? node.format : 0 });
          break;
        case 'linebreak':
          out.push({ t: 'break' });
          break;
        case 'tab':
          out.push({ t: 'text', text: '\t', format: 0 });
          break;
        case 'link':
        case 'autolink':
          out.push({ t: 'link', href: safeHref(node.url), children: inlinesOf(node.children) });
          break;
        case 'entity-mention':
          if (isId(node.entityId)) {
            const view = entityViews.get(node.entityId);
            out.push({
              t: 'entity',
              entityId: view?.resolvedId ?? node.entityId,
              name: view?.name ?? 'Unknown entity',
              entityType: view?.type ?? null,
            });
            if (view && view.status !== 'missing') entityOf(view.resolvedId);
          }
          break;
        case 'source-link':
          if (isId(node.sourceId)) {
            const view = sourceViews.get(node.sourceId);
            out.push({ t: 'source', sourceId: node.sourceId, title: view?.title ?? 'Missing source' });
            if (view?.status === 'ok') linkedSources.add(node.sourceId);
          }
          break;
        case 'note-link':
          if (isId(node.noteId))
            out.push({ t: 'note', noteId: node.noteId, title: noteViews.get(node.noteId)?.title || 'Untitled note' });
          break;
        default:
          // Marks, hashtags and inline nodes added later keep their text.
          if (Array.isArray(node.children)) out.push(...inlinesOf(node.children));
          else if (typeof node.text === 'string' && node.text) out.push({ t: 'text', text: node.text, format: 0 });
      }
    }
    return out;
  };

  const plain = (inlines: Inline[]): string =>
    inlines
      .map((i) =>
        i.t === 'text'
          ? i.text
          : i.t === 'break'
            ? ' '
            : i.t === 'link'
              ? plain(i.children)
              : i.t === 'entity'
                ? i.name
                : i.t === 'source'
                  ? i.title
                  : i.title,
      )
      .join('')
      .replace(/\s+/g, ' ')
      .trim();

  const evidenceOf = (entityId: number, kind: EvidenceBlockKind): EvidenceModel | null => {
    if (!entityOf(entityId)) return null;
    const data = evidence(db, entityId, kind);
    switch (data.block) {
      case 'passages': {
        const groups: Extract<EvidenceModel, { kind: 'passages' }>['groups'] = [];
        for (const p of data.items) {
          let group = groups[groups.length - 1];
          if (!group || group.sourceId !== p.sourceId) {
            group = { sourceId: p.sourceId, title: p.sourceTitle, date: p.sourceDate, items: [] };
            groups.push(group);
          }
          group.items.push({ n: cite(p.passageId), comment: p.comment });
        }
        return { kind: 'passages', groups };
      }
      case 'timeline': {
        for (const e of data.events) entityOf(e.entityId);
        const entries: TimelineEntry[] = [
          ...data.items.map((p): TimelineEntry => ({
            t: 'passage',
            date: p.sourceDate!,
            n: cite(p.passageId),
            comment: p.comment,
          })),
          ...data.events.map((e): TimelineEntry => ({
            t: 'event',
            date: e.dateStart,
            dateEnd: e.dateEnd,
            entityId: e.entityId,
            name: e.name,
          })),
        ];
        // Stable: passages keep their order within a day, and an event comes before the day's passages.
        entries.sort((a, b) => a.date.localeCompare(b.date) || (a.t === b.t ? 0 : a.t === 'event' ? -1 : 1));
        return { kind: 'timeline', entries };
      }
      case 'cooccurring':
        for (const c of data.items) entityOf(c.entityId);
        return {
          kind: 'cooccurring',
          rows: data.items.map((c) => ({
            entityId: c.entityId,
            name: c.name,
            type: c.type,
            passages: c.count,
            sources: c.sources,
          })),
        };
      case 'sources':
        for (const s of data.items) listedSources.set(s.sourceId, { ...s });
        return { kind: 'sources', sources: data.items.map((s) => ({ ...s })) };
    }
  };

  const blocksOf = (nodes: JsonNode[] | undefined): Block[] => {
    const out: Block[] = [];
    let pending: JsonNode[] = [];
    // Inline nodes sitting directly in a container (a list item's text) make a paragraph.
    const flush = (): void => {
      if (pending.length === 0) return;
      const inlines = inlinesOf(pending);
      if (inlines.length > 0) out.push({ t: 'paragraph', inlines, align: null });
      pending = [];
    };
    for (const node of nodes ?? []) {
      if (INLINE.has(node.type)) {
        pending.push(node);
        continue;
      }
      flush();
      const block = blockOf(node);
      if (Array.isArray(block)) out.push(...block);
      else if (block) out.push(block);
    }
    flush();
    return out;
  };

  const blockOf = (node: JsonNode): Block | Block[] | null => {
    switch (node.type) {
      case 'paragraph': {
        const align = ['left', 'center', 'right', 'justify'].includes(node.format as string)
          ? (node.format as 'left' | 'center' | 'right' | 'justify')
          : null;
        return { t: 'paragraph', inlines: inlinesOf(node.children), align };
      }
      case 'heading': {
        const level = Math.min(6, Math.max(1, Number(String(node.tag ?? 'h2').slice(1)) || 2));
        const inlines = inlinesOf(node.children);
        const text = plain(inlines);
        // An empty heading would be a blank line in the contents and the outline.
        if (!text) return null;
        const anchor = `section-${++headingCount}`;
        if (level <= TOC_DEPTH) toc.push({ level, text, anchor });
        return { t: 'heading', level, anchor, text, inlines };
      }
      case 'quote':
        return { t: 'quote', inlines: inlinesOf(node.children) };
      case 'list': {
        const ordered = node.listType === 'number';
        const start = typeof node.start === 'number' && node.start > 0 ? node.start : 1;
        const items: Array<{ checked: boolean | null; blocks: Block[] }> = [];
        for (const item of node.children ?? []) {
          const blocks = blocksOf(item.children);
          // Lexical nests a list in an item of its own: it belongs to the item before it.
          const onlyList = blocks.length > 0 && blocks.every((b) => b.t === 'list');
          const last = items[items.length - 1];
          if (onlyList && last) last.blocks.push(...blocks);
          else items.push({ checked: node.listType === 'check' ? item.checked === true : null, blocks });
        }
        return { t: 'list', ordered, start, items };
      }
      case 'table':
        return {
          t: 'table',
          rows: (node.children ?? []).map((row) =>
            (row.children ?? []).map((cell) => ({
              header: typeof cell.headerState === 'number' && cell.headerState > 0,
              blocks: blocksOf(cell.children),
            })),
          ),
        };
      case 'code':
        return {
          t: 'code',
          text: (node.children ?? [])
            .map((c) => (c.type === 'linebreak' ? '\n' : typeof c.text === 'string' ? c.text : ''))
            .join(''),
        };
      case 'horizontalrule':
        return { t: 'rule' };
      case 'passage-quote':
        return isId(node.passageId) ? { t: 'citation', n: cite(node.passageId) } : null;
      case 'entity-card':
        return isId(node.entityId) ? { t: 'card', entityId: node.entityId, entity: entityOf(node.entityId) } : null;
      case 'evidence-block': {
        if (!isId(node.entityId) || !EVIDENCE_BLOCKS.includes(node.block as EvidenceBlockKind)) return null;
        const entity = entityOf(node.entityId);
        return {
          t: 'evidence',
          entityId: entity?.entityId ?? node.entityId,
          entityName: entity?.name ?? null,
          evidence: evidenceOf(node.entityId, node.block as EvidenceBlockKind),
        };
      }
      default:
        // A container we do not know still shows what it holds.
        return Array.isArray(node.children) ? blocksOf(node.children) : null;
    }
  };

  const blocks = blocksOf(state.root.children);
  // Trailing empty paragraphs (where the editor's caret waits) print nothing.
  while (blocks.length > 0) {
    const last = blocks[blocks.length - 1]!;
    if (last.t === 'paragraph' && plain(last.inlines) === '') blocks.pop();
    else break;
  }

  const inspected = inspectPassages(db, [...numbers.keys()]);
  const citations: Citation[] = [...numbers].map(([passageId, n]) => ({ ...inspected.get(passageId)!, n }));

  const sources = new Map<number, CitedSource & { citations: number[] }>();
  for (const c of citations) {
    if (!c.source) continue;
    const entry = sources.get(c.source.sourceId) ?? { ...c.source, citations: [] };
    entry.citations.push(c.n);
    sources.set(c.source.sourceId, entry);
  }
  for (const [id, s] of listedSources) if (!sources.has(id)) sources.set(id, { ...s, citations: [] });
  const missingLinked = [...linkedSources].filter((id) => !sources.has(id));
  for (const s of sourcesByIds(db, missingLinked)) sources.set(s.sourceId, { ...s, citations: [] });

  let subject: DossierModel['dossier']['subject'] = null;
  if (dossier.subjectEntityId !== null) {
    const e = entityOf(dossier.subjectEntityId);
    if (e) subject = { entityId: e.entityId, name: e.name, type: e.type };
  }

  const levels = blocks.flatMap((b) => (b.t === 'heading' ? [b.level] : []));
  return {
    dossier: {
      id: dossier.id,
      title: dossier.title,
      classification: dossier.classification,
      analyst: dossier.analyst,
      subject,
      revision: dossier.revision,
      createdAt: dossier.createdAt,
      updatedAt: dossier.updatedAt,
    },
    exportedOn: now.toISOString().slice(0, 10),
    blocks,
    citations,
    sources: [...sources.values()].sort(
      (a, b) => a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }) || a.sourceId - b.sourceId,
    ),
    entities: [...entities.values()]
      .filter((e): e is CardEntity => e !== null)
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.entityId - b.entityId),
    toc,
    topLevel: levels.length > 0 ? Math.min(...levels) : 2,
  };
}

/** Inline nodes of Lexical's and ours; everything else is a block. */
const INLINE = new Set([
  'text',
  'linebreak',
  'tab',
  'link',
  'autolink',
  'hashtag',
  'mark',
  'code-highlight',
  'entity-mention',
  'source-link',
  'note-link',
]);
