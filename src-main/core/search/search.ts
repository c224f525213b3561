import type { Database } from 'better-sqlite3';
import { stmt } from '../db/statements';
import type { EntityType } from '../entities/types';
import type { SourceKind } from '../sources/types';
import { foldWord } from './fold';
import { findMatches, marksIn, snippetOf, snippetOfShort } from './highlight';
import { compileQuery, renderWords, type CompiledQuery, type Needle, type Substring } from './query';
import {
  SEARCH_KINDS,
  type KindCount,
  type SearchFilters,
  type SearchHit,
  type SearchKind,
  type SearchRequest,
  type SearchResults,
} from './types';

/*
 * Ranking without paying for every match. `ORDER BY rank` computes bm25 for
 * every matching row: 0.1 s for a word in all of 100,000 sources, 1 s at a
 * million. Instead:
 *
 *  1. Candidates: the newest `window` matches, by rowid, which FTS5 walks in
 *     order and stops early (milliseconds whatever the term). When fewer
 *     match, that is all of them and the ranking below is exact.
 *  2. Rank the candidates only, with bm25 weighing only the query's selective
 *     words (bm25 scans every row a word matches, on each query, to weigh it;
 *     a word in most rows weighs next to nothing anyway). When every word is
 *     common, a match in the title comes first, then the newest.
 *
 * A query matching more than `window` sources is a broad one: the results say
 * so (`rankedWindow`). Filters by source type and date are words of the index
 * itself (see SOURCE_FACETS), intersected with the query by FTS5; an entity's
 * few sources are a set tested as the index is walked. No filter reads rows.
 */

interface Table {
  kind: SearchKind;
  /** The word index; its trigram twin is `${word}_cjk`. */
  word: string;
  /** The text columns; a table with facets has a last column of filter words (see SOURCE_FACETS). */
  columns: readonly string[];
  facets: boolean;
  /** bm25 column weights, facets (weighing nothing) included. */
  weights: readonly number[];
  /** Where the title (or what stands for it) of a row is, for ranking broad queries. */
  title: { table: string; column: string };
  /** Candidates ranked at most. */
  window: number;
  /** Weight of a bm25 score of this kind when kinds are merged: an entity or note that matches is a strong hit. */
  boost: number;
}

export const SOURCE_WINDOW = 2000;

const TABLES: Record<SearchKind, Table> = {
  source: {
    kind: 'source',
    word: 'sources_fts',
    columns: ['title', 'text'],
    facets: true,
    weights: [8, 1, 0],
    title: { table: 'sources', column: 'title' },
    window: SOURCE_WINDOW,
    boost: 1,
  },
  passage: {
    kind: 'passage',
    word: 'passages_fts',
    columns: ['exact', 'comment'],
    facets: false,
    weights: [1, 1],
    title: { table: 'passages', column: 'exact' },
    window: 2000,
    boost: 1.3,
  },
  note: {
    kind: 'note',
    word: 'notes_search',
    columns: ['title', 'text'],
    facets: false,
    weights: [5, 1],
    title: { table: 'notes', column: 'title' },
    window: 2000,
    boost: 1.3,
  },
  entity: {
    kind: 'entity',
    word: 'entities_search',
    columns: ['name', 'aliases_text', 'description'],
    facets: false,
    weights: [10, 6, 1],
    title: { table: 'entities', column: 'name' },
    window: 500,
    boost: 1.5,
  },
};

/**
 * Filters over `f`, the full-text table (its rowid is the row's id): words the
 * row's facets must match (part of the full-text query), and SQL.
 */
interface Scope {
  facets: string[];
  joins: string;
  where: string[];
  params: unknown[];
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

const LOW_DAY = '0000-01-01';
const HIGH_DAY = '9999-12-31';

const pad2 = (n: number): string => String(n).padStart(2, '0');
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * A date range as facet words (see SOURCE_FACETS): whole years as one word,
 * whole months as one, the days at the ends one each. Clamped to the dates
 * sources have; none when no source can match.
 */
export function dateFacets(from: string, to: string): string[] {
  const words: string[] = [];
  let [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const end = to.replace(/-/g, '');
  const key = (yy: number, mm: number, dd: number): string => `${yy}${pad2(mm)}${pad2(dd)}`;
  while (key(y, m, d) <= end) {
    if (m === 1 && d === 1 && key(y, 12, 31) <= end) {
      words.push(`y${y}`);
      y++;
    } else if (d === 1 && key(y, m, daysIn(y, m)) <= end) {
      words.push(`m${y}${pad2(m)}`);
      [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
    } else {
      words.push(`d${key(y, m, d)}`);
      if (d < daysIn(y, m)) d++;
      else [y, m, d] = m === 12 ? [y + 1, 1, 1] : [y, m + 1, 1];
    }
  }
  return words;
}

const ENTITY_SOURCES = `SELECT p.source_id FROM passage_entities pe JOIN passages p ON p.id = pe.passage_id
  WHERE pe.entity_id = ? AND p.deleted_at IS NULL`;

const KIND_WORDS = ['ktxt', 'kmd', 'khtml', 'kpdf', 'kdocx'];

/** Whether a word of a query (or a prefix) could be one of the facet words of SOURCE_FACETS. */
export function mayBeFacetWord(word: string, prefix: boolean): boolean {
  const w = word.toLowerCase();
  if (/^[ymd]\d*$/.test(w)) return true;
  return prefix ? KIND_WORDS.some((k) => k.startsWith(w)) : KIND_WORDS.includes(w);
}

/** The facet words of the type and date filters, or null when no source can match them. */
function sourceFacets(db: Database, filters: SearchFilters): string[] | null {
  const facets: string[] = [];
  if (filters.sourceKinds && filters.sourceKinds.length > 0)
    facets.push(`facets : (${filters.sourceKinds.map((k) => quote(`k${k}`)).join(' OR ')})`);
  if (filters.from || filters.to) {
    const first = stmt(db, 'SELECT min(published_at) FROM sources').pluck().get() as string | null;
    const last = stmt(db, 'SELECT max(published_at) FROM sources').pluck().get() as string | null;
    if (!first || !last) return null;
    const from = filters.from && filters.from > first ? filters.from : first;
    const to = filters.to && filters.to < last ? filters.to : last;
    const words = from <= to ? dateFacets(from, to) : [];
    if (words.length === 0) return null;
    facets.push(`facets : (${words.map(quote).join(' OR ')})`);
  }
  return facets;
}

function scopeOf(db: Database, kind: SearchKind, filters: SearchFilters): Scope | null {
  const scope: Scope = { facets: [], joins: '', where: [], params: [] };
  const dated = Boolean(filters.from || filters.to);
  switch (kind) {
    case 'source': {
      const facets = sourceFacets(db, filters);
      if (!facets) return null;
      scope.facets = facets;
      if (filters.entityId !== undefined) {
        // Few sources per entity: a set tested as the index is walked. The unary plus keeps
        // FTS5 from taking it as rowid lookups, a query each.
        scope.where.push(`+f.rowid IN (${ENTITY_SOURCES})`);
        scope.params.push(filters.entityId);
      }
      return scope;
    }
    case 'passage':
      scope.joins = 'JOIN passages p ON p.id = f.rowid';
      scope.where.push('p.deleted_at IS NULL');
      if ((filters.sourceKinds && filters.sourceKinds.length > 0) || dated) {
        scope.joins += ' JOIN sources s ON s.id = p.source_id';
        if (filters.sourceKinds && filters.sourceKinds.length > 0) {
          scope.where.push(`s.kind IN (${filters.sourceKinds.map(() => '?').join(', ')})`);
          scope.params.push(...filters.sourceKinds);
        }
        if (dated) {
          scope.where.push('s.published_at BETWEEN ? AND ?');
          scope.params.push(filters.from ?? LOW_DAY, filters.to ?? HIGH_DAY);
        }
      }
      if (filters.entityId !== undefined) {
        scope.where.push('EXISTS (SELECT 1 FROM passage_entities pe WHERE pe.passage_id = p.id AND pe.entity_id = ?)');
        scope.params.push(filters.entityId);
      }
      return scope;
    case 'note':
      if (filters.sourceKinds && filters.sourceKinds.length > 0) return null;
      scope.joins = 'JOIN notes n ON n.id = f.rowid';
      scope.where.push('n.deleted_at IS NULL');
      if (dated) {
        scope.where.push('substr(n.updated_at, 1, 10) BETWEEN ? AND ?');
        scope.params.push(filters.from ?? LOW_DAY, filters.to ?? HIGH_DAY);
      }
      if (filters.entityId !== undefined) {
        scope.where.push(`EXISTS (SELECT 1 FROM refs r WHERE r.owner_kind = 'note' AND r.owner_id = n.id
          AND r.target_kind = 'entity' AND r.target_id = ?)`);
        scope.params.push(filters.entityId);
      }
      return scope;
    case 'entity':
      if (filters.sourceKinds && filters.sourceKinds.length > 0) return null;
      scope.joins = 'JOIN entities e ON e.id = f.rowid';
      scope.where.push('e.deleted_at IS NULL AND e.merged_into IS NULL');
      if (dated) {
        scope.where.push('e.date_start IS NOT NULL AND e.date_start <= ? AND coalesce(e.date_end, e.date_start) >= ?');
        scope.params.push(filters.to ?? HIGH_DAY, filters.from ?? LOW_DAY);
      }
      if (filters.entityId !== undefined) {
        scope.where.push('e.id = ?');
        scope.params.push(filters.entityId);
      }
      return scope;
  }
}

/** The full-text side of a query on one table: a MATCH expression and conditions for what MATCH cannot express. */
interface TextPlan {
  table: string;
  /** What must match; null when only `conditions` select (short substrings scanned for). */
  match: string | null;
  /** What must match, exclusions left out. */
  positive: string | null;
  /** Single terms, for ranking (see CompiledQuery.terms). */
  terms: string[];
  /** Some word of the query could be a facet word: the query keeps to the text columns. */
  facetLike: boolean;
  conditions: string[];
  params: unknown[];
  /** Known to match nothing (a substring that occurs nowhere). */
  none: boolean;
}

const likePattern = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Trigram terms starting with a short substring, OR-ed, stand for it; more than this and the rows are scanned. */
const MAX_EXPANSION = 64;

type Resolved = { match: string } | { like: string } | { none: true };

/** A substring as the trigram index can look it up. */
function resolve(db: Database, cjk: string, s: Substring): Resolved {
  if (!s.short) return { match: quote(s.text) };
  const key = foldWord(s.text);
  // The indexed text ends in two spaces, so every occurrence starts a trigram.
  const terms = stmt(db, `SELECT term FROM ${cjk}_vocab WHERE term >= ? AND term < ? LIMIT ?`)
    .pluck()
    .all(key, `${key}\u{10FFFF}`, MAX_EXPANSION + 1) as string[];
  if (terms.length === 0) return { none: true };
  if (terms.length > MAX_EXPANSION) return { like: s.text };
  return { match: terms.length === 1 ? quote(terms[0]!) : `(${terms.map(quote).join(' OR ')})` };
}

function likeAny(columns: readonly string[], alias: string, texts: string[], params: unknown[]): string {
  const parts: string[] = [];
  for (const t of texts) {
    for (const c of columns) {
      parts.push(`${alias}.${c} LIKE ? ESCAPE '\\'`);
      params.push(likePattern(t));
    }
  }
  return `(${parts.join(' OR ')})`;
}

/** The index keeps prefixes of up to this many characters; a longer one is a merge of every word it covers. */
const INDEXED_PREFIX = 4;
/**
 * A longer prefix covering no more words than this is searched as those
 * words, OR-ed; in a phrase, each word is a phrase of its own to check, so
 * fewer.
 */
const MAX_PREFIX_WORDS = 300;
const MAX_PREFIX_PHRASES = 16;

function expandPrefix(db: Database, table: Table, prefix: string, inPhrase: boolean): string[] | null {
  if ([...prefix].length <= INDEXED_PREFIX) return null;
  const max = inPhrase ? MAX_PREFIX_PHRASES : MAX_PREFIX_WORDS;
  const key = foldWord(prefix);
  const words = stmt(db, `SELECT term FROM ${table.word}_vocab WHERE term >= ? AND term < ? LIMIT ?`)
    .pluck()
    .all(key, `${key}\u{10FFFF}`, max + 1) as string[];
  return words.length > 0 && words.length <= max ? words : null;
}

/**
 * Counting a term's rows to see if it is selective costs too much for a
 * prefix FTS5 has no index for (the same merge again) or for many words
 * OR-ed; such a term is taken for a common one.
 */
const costlyToCount = (term: string): boolean => {
  const m = /^"(.*)"\*$/.exec(term);
  if (m) return [...m[1]!].length > INDEXED_PREFIX;
  return term.split(' OR ').length > MAX_PREFIX_PHRASES;
};

function planText(db: Database, table: Table, q: CompiledQuery): TextPlan {
  if (q.mode === 'word') {
    const { match, positive, terms } = renderWords(q.phrases!, (w, inPhrase) => expandPrefix(db, table, w, inPhrase));
    const { groups, excluded } = q.phrases!;
    const plan: TextPlan = {
      table: table.word,
      match,
      positive,
      terms,
      facetLike: [...groups.flat(), ...excluded].some((p) =>
        p.words.some((w, i) => mayBeFacetWord(w, p.prefix && i === p.words.length - 1)),
      ),
      conditions: [],
      params: [],
      none: false,
    };
    const cjk = `${table.word}_cjk`;
    for (const s of q.excludedUnspaced) {
      const r = resolve(db, cjk, s);
      if ('none' in r) continue;
      if ('match' in r) {
        plan.conditions.push(`+f.rowid NOT IN (SELECT rowid FROM ${cjk} WHERE ${cjk} MATCH ?)`);
        plan.params.push(r.match);
      } else {
        const params: unknown[] = [];
        plan.conditions.push(
          `+f.rowid NOT IN (SELECT rowid FROM ${cjk} c WHERE ${likeAny(table.columns, 'c', [r.like], params)})`,
        );
        plan.params.push(...params);
      }
    }
    return plan;
  }
  const cjk = `${table.word}_cjk`;
  const plan: TextPlan = {
    table: cjk,
    match: null,
    positive: null,
    terms: [],
    // A substring can be part of any facet word.
    facetLike: true,
    conditions: [],
    params: [],
    none: false,
  };
  const matches: string[] = [];
  for (const group of q.trigram!.groups) {
    const resolved = group.map((s) => resolve(db, cjk, s)).filter((r) => !('none' in r));
    if (resolved.length === 0) {
      plan.none = true;
      return plan;
    }
    for (const s of group) if (!s.short) plan.terms.push(quote(s.text));
    if (resolved.every((r) => 'match' in r)) {
      const alts = resolved.map((r) => (r as { match: string }).match);
      matches.push(alts.length === 1 ? alts[0]! : `(${alts.join(' OR ')})`);
    } else {
      // Some alternative can only be scanned for: the whole group is a condition on each row.
      const texts = group.map((s) => s.text);
      plan.conditions.push(likeAny(table.columns, 'f', texts, plan.params));
    }
  }
  const excludedMatches: string[] = [];
  for (const s of q.trigram!.excluded) {
    const r = resolve(db, cjk, s);
    if ('none' in r) continue;
    if ('match' in r && matches.length > 0) excludedMatches.push(r.match);
    else plan.conditions.push(`NOT ${likeAny(table.columns, 'f', [s.text], plan.params)}`);
  }
  if (matches.length > 0) {
    plan.positive = matches.join(' AND ');
    plan.match =
      excludedMatches.length > 0 ? `(${plan.positive}) NOT (${excludedMatches.join(' OR ')})` : plan.positive;
  }
  return plan;
}

interface Ranked {
  kind: SearchKind;
  id: number;
  /** Weighted bm25 (lower is better); null when only recency orders. */
  score: number | null;
}

/** The full-text query over `f`: the words searched for, in the text columns, and the filters' facet words. */
function matchOf(table: Table, plan: TextPlan, scope: Scope): string | null {
  const parts: string[] = [];
  if (plan.match !== null)
    parts.push(table.facets && plan.facetLike ? `{${table.columns.join(' ')}} : (${plan.match})` : `(${plan.match})`);
  parts.push(...scope.facets);
  return parts.length > 0 ? parts.join(' AND ') : null;
}

function candidates(db: Database, table: Table, plan: TextPlan, scope: Scope): { ids: number[]; more: boolean } {
  if (plan.none) return { ids: [], more: false };
  const where: string[] = [];
  const params: unknown[] = [];
  const match = matchOf(table, plan, scope);
  if (match !== null) {
    // FTS5's hidden column, named after the table, through the alias; it leads, so the index drives.
    where.push(`f.${plan.table} MATCH ?`);
    params.push(match);
  }
  where.push(...plan.conditions, ...scope.where);
  params.push(...plan.params, ...scope.params);
  const ids = stmt(
    db,
    `SELECT f.rowid FROM ${plan.table} f ${scope.joins} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY f.rowid DESC LIMIT ?`,
  )
    .pluck()
    .all(...params, table.window + 1) as number[];
  const more = ids.length > table.window;
  if (more) ids.length = table.window;
  return { ids, more };
}

/**
 * A term matching more rows than are ranked is too common to weigh: bm25
 * counts every row a term matches, on each query, to weigh it, and a common
 * term weighs little anyway (bm25's idf is near zero past half the rows).
 */
function isSelective(db: Database, table: Table, plan: TextPlan, term: string): boolean {
  const n = stmt(db, `SELECT count(*) FROM (SELECT 1 FROM ${plan.table} WHERE ${plan.table} MATCH ? LIMIT ?)`)
    .pluck()
    .get(term, table.window + 1) as number;
  return n <= table.window;
}

/** A broad query's titles are looked for among this many of its newest candidates. */
const TITLE_WINDOW = 500;

/**
 * bm25 over the candidates' rowid range, weighing only the selective terms
 * (a word of the query matched by every row ranks nothing anyway). When every
 * term is common, a match in the title (or name) is the signal left, then
 * recency.
 */
function rank(
  db: Database,
  table: Table,
  plan: TextPlan,
  needles: Needle[],
  ids: number[],
  complete: boolean,
): Ranked[] {
  const scores = new Map<number, number>();
  if (ids.length > 0) {
    // Only the candidates: their range, then the set itself (the unary plus: one set, not a lookup per id).
    const among = `f.rowid BETWEEN ? AND ? AND +f.rowid IN (SELECT value FROM json_each(?))`;
    const range = [ids.at(-1)!, ids[0]!, JSON.stringify(ids)];
    // A lone term that matched no more rows than the window is selective already.
    const terms = plan.terms.filter(
      (t) => !costlyToCount(t) && ((complete && plan.terms.length === 1) || isSelective(db, table, plan, t)),
    );
    if (terms.length > 0 && plan.positive !== null) {
      const rows = stmt(
        db,
        `SELECT f.rowid AS id, bm25(f.${plan.table}, ${table.weights.join(', ')}) AS score
         FROM ${plan.table} f WHERE f.${plan.table} MATCH ? AND ${among}`,
      ).all(terms.join(' OR '), ...range) as Array<{ id: number; score: number }>;
      for (const r of rows) scores.set(r.id, r.score * table.boost);
    } else {
      // Titles are short: read and matched here, whatever the query costs the index.
      const titles = stmt(
        db,
        `SELECT id, ${table.title.column} AS title FROM ${table.title.table}
         WHERE id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(ids.slice(0, TITLE_WINDOW))) as Array<{ id: number; title: string | null }>;
      for (const t of titles) if (t.title && findMatches(t.title, needles).length > 0) scores.set(t.id, -table.boost);
    }
  }
  return ids.map((id) => ({ kind: table.kind, id, score: scores.get(id) ?? null }));
}

const byRank = (a: Ranked, b: Ranked): number => {
  if (a.score !== null && b.score !== null && a.score !== b.score) return a.score - b.score;
  if ((a.score === null) !== (b.score === null)) return a.score === null ? 1 : -1;
  return SEARCH_KINDS.indexOf(b.kind) - SEARCH_KINDS.indexOf(a.kind) || b.id - a.id;
};

export const DEFAULT_LIMIT = 20;

function emptyCounts(): Record<SearchKind, KindCount> {
  return {
    source: { count: 0, more: false },
    passage: { count: 0, more: false },
    note: { count: 0, more: false },
    entity: { count: 0, more: false },
  };
}

/** Everything that matches `req.q`, best first, with snippets. */
export function search(db: Database, req: SearchRequest): SearchResults {
  const offset = req.offset ?? 0;
  const limit = req.limit ?? DEFAULT_LIMIT;
  const q = compileQuery(req.q, req.asYouType);
  const counts = emptyCounts();
  const wanted = new Set<SearchKind>(req.kinds && req.kinds.length > 0 ? req.kinds : SEARCH_KINDS);
  const result: SearchResults = { hits: [], offset, counts, total: 0, more: false, rankedWindow: null, hints: q.hints };
  if (q.empty) return result;

  const ranked: Ranked[] = [];
  db.transaction(() => {
    // One read transaction: every kind is searched in the same state of the notebook.
    for (const kind of SEARCH_KINDS) {
      const scope = scopeOf(db, kind, req);
      if (!scope) continue;
      const table = TABLES[kind];
      const plan = planText(db, table, q);
      const found = candidates(db, table, plan, scope);
      counts[kind] = { count: found.ids.length, more: found.more };
      if (!wanted.has(kind)) continue;
      result.total += found.ids.length;
      result.more ||= found.more;
      if (found.more && kind === 'source') result.rankedWindow = table.window;
      const best = rank(db, table, plan, q.needles, found.ids, !found.more).sort(byRank);
      ranked.push(...best.slice(0, offset + limit));
    }
  })();
  ranked.sort(byRank);
  result.hits = ranked.slice(offset, offset + limit).map((r) => hydrate(db, r, q.needles));
  return result;
}

function hydrate(db: Database, r: Ranked, needles: Needle[]): SearchHit {
  switch (r.kind) {
    case 'source': {
      const row = stmt(db, 'SELECT title, kind, published_at, text FROM sources WHERE id = ?').get(r.id) as {
        title: string;
        kind: SourceKind;
        published_at: string | null;
        text: string;
      };
      const { snippet, at } = snippetOf(row.text, findMatches(row.text, needles));
      return {
        kind: 'source',
        sourceId: r.id,
        title: row.title,
        titleMarks: marksIn(row.title, needles),
        snippet,
        at,
        sourceKind: row.kind,
        publishedAt: row.published_at,
      };
    }
    case 'passage': {
      const row = stmt(
        db,
        `SELECT p.source_id, p.start, p."end", p.exact, p.comment, s.title, s.kind, s.published_at
         FROM passages p JOIN sources s ON s.id = p.source_id WHERE p.id = ?`,
      ).get(r.id) as {
        source_id: number;
        start: number;
        end: number;
        exact: string;
        comment: string | null;
        title: string;
        kind: SourceKind;
        published_at: string | null;
      };
      const inExact = findMatches(row.exact, needles).length > 0;
      const fromComment = !inExact && row.comment !== null && findMatches(row.comment, needles).length > 0;
      return {
        kind: 'passage',
        passageId: r.id,
        sourceId: row.source_id,
        start: row.start,
        end: row.end,
        title: row.title,
        titleMarks: marksIn(row.title, needles),
        snippet: snippetOfShort(fromComment ? row.comment! : row.exact, needles),
        snippetFrom: fromComment ? 'comment' : 'exact',
        sourceKind: row.kind,
        publishedAt: row.published_at,
      };
    }
    case 'note': {
      const row = stmt(db, 'SELECT title, text, updated_at FROM notes WHERE id = ?').get(r.id) as {
        title: string;
        text: string;
        updated_at: string;
      };
      const { snippet, at } = snippetOf(row.text, findMatches(row.text, needles));
      return {
        kind: 'note',
        noteId: r.id,
        title: row.title,
        titleMarks: marksIn(row.title, needles),
        snippet,
        at,
        updatedAt: row.updated_at,
      };
    }
    case 'entity': {
      const row = stmt(db, 'SELECT type, name, description FROM entities WHERE id = ?').get(r.id) as {
        type: EntityType;
        name: string;
        description: string;
      };
      const aliases = (
        stmt(db, 'SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias').pluck().all(r.id) as string[]
      ).join(', ');
      const from: 'aliases' | 'description' | 'name' =
        aliases && findMatches(aliases, needles).length > 0
          ? 'aliases'
          : row.description && findMatches(row.description, needles).length > 0
            ? 'description'
            : 'name';
      const text = from === 'aliases' ? aliases : from === 'description' ? row.description : row.name;
      return {
        kind: 'entity',
        entityId: r.id,
        entityType: row.type,
        title: row.name,
        titleMarks: marksIn(row.name, needles),
        snippet: snippetOfShort(text, needles),
        snippetFrom: from,
      };
    }
  }
}
