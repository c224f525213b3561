import type { Session } from '../../api/session';
import { search as searchNotebook } from '../../core/search/search';
import { SEARCH_KINDS, type SearchHit, type SearchKind, type Snippet } from '../../core/search/types';

export interface SearchOptions {
  query: string;
  kinds?: SearchKind[];
  limit: number;
  from?: string;
  to?: string;
}

/** Options as typed, checked: a sentence for each mistake (the caller's usage error), or the options. */
export function searchOptions(
  words: string[],
  flags: { kind?: string; limit?: string; from?: string; to?: string },
): SearchOptions | string {
  const query = words.join(' ').trim();
  if (!query) return 'search needs a query, e.g. casebook search "exact phrase" word -excluded';
  let kinds: SearchKind[] | undefined;
  if (flags.kind !== undefined) {
    kinds = [];
    for (const k of flags.kind.split(',').map((s) => s.trim())) {
      if (!(SEARCH_KINDS as readonly string[]).includes(k))
        return `--kind takes ${SEARCH_KINDS.join(', ')} (comma-separated), not "${k}".`;
      kinds.push(k as SearchKind);
    }
  }
  let limit = 20;
  if (flags.limit !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(flags.limit) || Number(flags.limit) > 1000)
      return `--limit must be a number from 1 to 1000, not "${flags.limit}".`;
    limit = Number(flags.limit);
  }
  for (const [name, day] of [
    ['--from', flags.from],
    ['--to', flags.to],
  ] as const) {
    if (day !== undefined && !isDay(day)) return `${name} must be a date as YYYY-MM-DD, not "${day}".`;
  }
  if (flags.from && flags.to && flags.from > flags.to) return '--from must not be after --to.';
  return { query, kinds, limit, from: flags.from, to: flags.to };
}

function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

const idOf = (hit: SearchHit): number => {
  switch (hit.kind) {
    case 'source':
      return hit.sourceId;
    case 'passage':
      return hit.passageId;
    case 'note':
      return hit.noteId;
    case 'entity':
      return hit.entityId;
  }
};

/** The snippet as one line of plain text; `mark` wraps each match (none for JSON). */
function plain(snippet: Snippet, mark?: (s: string) => string): string {
  let text = '';
  let at = 0;
  for (const m of snippet.marks) {
    text += snippet.text.slice(at, m.start);
    const hit = snippet.text.slice(m.start, m.end);
    text += mark ? mark(hit) : hit;
    at = m.end;
  }
  text += snippet.text.slice(at);
  text = text.replace(/\s+/g, ' ').trim();
  return `${snippet.clippedStart ? '…' : ''}${text}${snippet.clippedEnd ? '…' : ''}`;
}

/**
 * `casebook search QUERY`: what the app's search finds, best first. With
 * --json, one `{kind, id, title, snippet}` a line; notes on how the query was
 * read go to stderr.
 */
export function search(
  session: Session,
  opts: SearchOptions,
  json: boolean,
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  const results = searchNotebook(session.notebook().db, {
    q: opts.query,
    kinds: opts.kinds,
    from: opts.from,
    to: opts.to,
    limit: opts.limit,
  });
  for (const hint of results.hints) err(`casebook: ${hint}`);
  for (const hit of results.hits) {
    if (json) out(JSON.stringify({ kind: hit.kind, id: idOf(hit), title: hit.title, snippet: plain(hit.snippet) }));
    else {
      out(`${hit.kind.padEnd(8)} #${idOf(hit)}  ${hit.title}`);
      out(`         ${plain(hit.snippet, (s) => `[${s}]`)}`);
    }
  }
  if (!json) {
    const n = results.total.toLocaleString('en');
    err(
      results.hits.length === 0
        ? 'No results.'
        : `${results.hits.length} shown of ${n}${results.more ? '+' : ''} results.`,
    );
  }
  return 0;
}
