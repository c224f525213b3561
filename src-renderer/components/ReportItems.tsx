import { useMemo, useState, type ReactElement } from 'react';
import type { ImportResult } from '../../src-main/core/sources/types';
import { baseName, countResults, isCancelled, type ImportCounts } from '../app/importing';

/** Rows drawn at first; a batch of thousands shows the rest on request. */
const FIRST_ROWS = 100;

type Outcome = keyof ImportCounts;
type Filter = Outcome | 'all';

const outcomeOf = (r: ImportResult): Outcome => (isCancelled(r) ? 'cancelled' : r.status);

/** Failures first: they are what the analyst has to act on; cancelled files last, they are only "not done". */
const ORDER: Record<Outcome, number> = { failed: 0, duplicate: 1, imported: 2, cancelled: 3 };

const COUNT_ORDER: Outcome[] = ['imported', 'duplicate', 'failed', 'cancelled'];

const LABEL: Record<Outcome, [one: string, many: string]> = {
  imported: ['imported', 'imported'],
  duplicate: ['duplicate', 'duplicates'],
  failed: ['failed', 'failed'],
  cancelled: ['cancelled', 'cancelled'],
};

export const plural = (n: number, one: string, many: string): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export const countLabel = (outcome: Outcome, n: number): string => plural(n, ...LABEL[outcome]);

/** The counts as chips; imported always shows (a zero there is news), the others when there are some. */
export function ReportCounts({
  counts,
  labels = {},
}: {
  counts: ImportCounts;
  /** Replaces the words of a chip, for counts that mean something slightly different. */
  labels?: Partial<Record<Outcome, string>>;
}): ReactElement {
  return (
    <ul className="report-counts" aria-label="Summary">
      {COUNT_ORDER.filter((o) => o === 'imported' || counts[o] > 0).map((o) => (
        <li key={o} className={`count-${o}${counts[o] > 0 ? ' is-some' : ''}`}>
          {labels[o] ? `${counts[o].toLocaleString()} ${labels[o]}` : countLabel(o, counts[o])}
        </li>
      ))}
    </ul>
  );
}

const sentenceCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function ItemText({ result }: { result: ImportResult }): ReactElement {
  const name = baseName(result.file);
  switch (outcomeOf(result)) {
    case 'imported':
      return <span className="report-detail">{result.title}</span>;
    case 'duplicate':
      return <span className="report-detail">Already in the notebook as “{result.title}”</span>;
    default: {
      const message = result.error?.message ?? 'Unknown error.';
      // Many messages start with "file: …"; the name is shown beside them already.
      const prefix = `${name}: `;
      const text = message.startsWith(prefix) ? sentenceCase(message.slice(prefix.length)) : message;
      return <span className="report-message">{text}</span>;
    }
  }
}

const STATUS_WORD: Record<Outcome, string> = {
  imported: 'Imported',
  duplicate: 'Duplicate',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function Item({ result, onOpen }: { result: ImportResult; onOpen(sourceId: number): void }): ReactElement {
  const outcome = outcomeOf(result);
  const body = (
    <>
      <span className={`report-status status-${outcome}`}>{STATUS_WORD[outcome]}</span>
      <span className="report-file" title={result.file}>
        {baseName(result.file) || 'Import'}
      </span>
      <ItemText result={result} />
    </>
  );
  const className = `report-item report-${outcome === 'failed' ? 'failure' : outcome}`;
  if (result.sourceId !== null) {
    const sourceId = result.sourceId;
    return (
      <li className={className}>
        <button type="button" className="report-open" onClick={() => onOpen(sourceId)} title="Open this source">
          {body}
        </button>
      </li>
    );
  }
  return <li className={className}>{body}</li>;
}

export interface ReportItemsProps {
  results: readonly ImportResult[];
  onOpen(sourceId: number): void;
  /** Adds filter buttons over the list (worth it for long reports). */
  filters?: boolean;
}

/** Every file of an import and what became of it; imported and duplicate files open their source. */
export function ReportItems({ results, onOpen, filters = false }: ReportItemsProps): ReactElement {
  const [filter, setFilter] = useState<Filter>('all');
  const [showAll, setShowAll] = useState(false);
  const counts = useMemo(() => countResults(results), [results]);
  const sorted = useMemo(
    () =>
      results
        .map((r, i) => ({ r, i }))
        .sort((a, b) => ORDER[outcomeOf(a.r)] - ORDER[outcomeOf(b.r)] || a.i - b.i)
        .map(({ r }) => r),
    [results],
  );
  const shown = filter === 'all' ? sorted : sorted.filter((r) => outcomeOf(r) === filter);
  const visible = showAll ? shown : shown.slice(0, FIRST_ROWS);
  const choices = (['all', 'failed', 'duplicate', 'imported', 'cancelled'] as Filter[]).filter(
    (f) => f === 'all' || counts[f] > 0,
  );

  return (
    <div className="report-items">
      {filters && choices.length > 2 && (
        <div className="report-filters" role="group" aria-label="Show">
          {choices.map((f) => (
            <button
              key={f}
              type="button"
              className="filter-chip"
              aria-pressed={filter === f}
              onClick={() => {
                setFilter(f);
                setShowAll(false);
              }}
            >
              {f === 'all' ? `All ${results.length.toLocaleString()}` : countLabel(f, counts[f])}
            </button>
          ))}
        </div>
      )}
      <ul className="report-list" aria-label="Files" data-testid="report-items">
        {visible.map((r, i) => (
          <Item key={i} result={r} onOpen={onOpen} />
        ))}
      </ul>
      {visible.length < shown.length && (
        <button type="button" className="button button-small report-more" onClick={() => setShowAll(true)}>
          Show all {shown.length.toLocaleString()}
        </button>
      )}
    </div>
  );
}
