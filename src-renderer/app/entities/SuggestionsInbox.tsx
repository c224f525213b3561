import { useMemo, useState, type ReactElement } from 'react';
import { api } from '../../api/client';
import { bySource, StatusLine, SuggestionList, useActions } from './SuggestionRows';
import { useSourceTexts } from './sourceTexts';
import { useLive } from './useLive';

/** Suggestions a page: a few sources' worth, reviewed one page at a time. */
export const INBOX_PAGE = 100;

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * The notebook-wide inbox: every pending suggestion (mentions of known
 * entities, names NER proposes), grouped by source, to accept or reject.
 * Nothing is linked until the analyst says so.
 */
export function SuggestionsInbox(): ReactElement {
  const [offset, setOffset] = useState(0);
  const pending = useLive(
    () => api['suggestions.list']({ status: 'pending', offset, limit: INBOX_PAGE }),
    String(offset),
    ['suggestions.changed', 'entities.changed'],
    'The suggestions could not be loaded',
  );
  const { busy, status, act } = useActions();
  const page = pending.value;
  const groups = useMemo(() => bySource(page?.items ?? []), [page]);
  const texts = useSourceTexts(useMemo(() => groups.map((g) => g.sourceId), [groups]));
  const total = page?.total ?? 0;

  // Accepting and rejecting shrink the list: a page left past the end steps back.
  if (page && offset > 0 && offset >= total) setOffset(Math.max(0, Math.floor((total - 1) / INBOX_PAGE) * INBOX_PAGE));

  const scan = (): void =>
    act('scan', 'The notebook could not be scanned', async () => {
      const { found } = await api['suggestions.scan']({});
      pending.reload();
      return found === 0 ? 'No new suggestions.' : `Found ${plural(found, 'new suggestion', 'new suggestions')}.`;
    });

  return (
    <div className="ent-tab-scroll" data-testid="suggestions-inbox">
      <div className="ent-tab-body">
        <div className="ent-tab-head">
          <p className="ent-tab-lead">
            Mentions of known entities and names that look like people, organizations or places, found in your sources.
            Accept to link a passage (and create the entity if it is new); reject and it is not proposed again.
          </p>
          <button type="button" className="button" onClick={scan} disabled={busy !== null}>
            {busy === 'scan' ? 'Scanning…' : 'Scan the notebook'}
          </button>
        </div>
        <StatusLine status={status} />
        {pending.error && (
          <p className="ent-status is-error" role="alert">
            {pending.error}
          </p>
        )}
        {page === null && !pending.error && (
          <p className="ent-empty" aria-busy="true">
            Loading…
          </p>
        )}
        {page && total === 0 && (
          <p className="ent-empty" data-testid="suggestions-empty">
            No suggestions waiting. New ones come with each import, or scan the notebook for mentions of the entities
            you have.
          </p>
        )}
        {groups.length > 0 && <SuggestionList groups={groups} texts={texts} busy={busy} act={act} showTarget />}
        {page && total > INBOX_PAGE && (
          <nav className="ent-pager" aria-label="Pages of suggestions">
            <button
              type="button"
              className="button button-small"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - INBOX_PAGE))}
            >
              Previous
            </button>
            <span className="ent-pager-place">
              {(offset + 1).toLocaleString()}–{Math.min(total, offset + INBOX_PAGE).toLocaleString()} of{' '}
              {total.toLocaleString()}
            </span>
            <button
              type="button"
              className="button button-small"
              disabled={offset + INBOX_PAGE >= total}
              onClick={() => setOffset(offset + INBOX_PAGE)}
            >
              Next
            </button>
          </nav>
        )}
      </div>
    </div>
  );
}
