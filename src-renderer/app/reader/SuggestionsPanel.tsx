import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { Suggestion, SuggestionPage } from '../../../src-main/core/suggestions/types';
import { api } from '../../api/client';
import { EntityTypeBadge, entityTypeClass } from '../../components/EntityPicker';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';

export interface SuggestionsPanelProps {
  sourceId: number;
  text: string;
  /** Points at a mention in the text. */
  onGlimpse(span: { start: number; end: number }): void;
}

/** Enough for any one article; a longer list says how many more wait. */
const PAGE = 300;
const CONTEXT = 28;
/** Mentions listed per name before "Show all": one name mentioned twenty times should not bury the others. */
const SHOWN = 3;

interface Group {
  key: string;
  entityId: number | null;
  name: string;
  type: Suggestion['type'];
  items: Suggestion[];
}

/** Mentions of one known entity together; proposals for a new one together by name and type. */
function groupsOf(items: readonly Suggestion[]): Group[] {
  const groups = new Map<string, Group>();
  for (const s of items) {
    const key = s.entityId !== null ? `e${s.entityId}` : `n:${s.type}:${s.name.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, entityId: s.entityId, name: s.name, type: s.type, items: [] };
      groups.set(key, group);
    }
    group.items.push(s);
  }
  return [...groups.values()];
}

/**
 * This source's pending suggestions (known names found in it, and names NER
 * proposes), to accept or reject one by one or all at once for an entity;
 * nothing is linked without the analyst. "Find suggestions" scans on demand.
 */
export function SuggestionsPanel({ sourceId, text, onGlimpse }: SuggestionsPanelProps): ReactElement {
  const [page, setPage] = useState<SuggestionPage | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ message: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const latest = useRef(0);

  const reload = useCallback(() => {
    const call = ++latest.current;
    api['suggestions.list']({ sourceId, status: 'pending', offset: 0, limit: PAGE }).then(
      (result) => {
        if (call !== latest.current) return;
        setPage(result);
        setLoadError(null);
      },
      (err: unknown) =>
        call === latest.current && setLoadError(`The suggestions could not be loaded: ${errorMessage(err)}`),
    );
  }, [sourceId]);

  useEffect(() => {
    reload();
    const stops = [
      onCoreEvent('suggestions.changed', (e) => (e.sourceId === null || e.sourceId === sourceId) && reload()),
      onCoreEvent('entities.changed', reload),
    ];
    return () => stops.forEach((stop) => stop());
  }, [sourceId, reload]);

  const groups = useMemo(() => groupsOf(page?.items ?? []), [page]);

  /** One action at a time; the list reloads when it is done (and on the core's event). */
  const act = (key: string, what: string, call: () => Promise<string | null>): void => {
    setBusy(key);
    setStatus(null);
    call().then(
      (message) => {
        setBusy(null);
        setStatus(message ? { message, error: false } : null);
        reload();
      },
      (err: unknown) => {
        setBusy(null);
        setStatus({ message: `${what}: ${errorMessage(err)}`, error: true });
      },
    );
  };

  const scan = (): void =>
    act('scan', 'The source could not be scanned', async () => {
      const { found } = await api['suggestions.scan']({ sourceId });
      return found === 0 ? 'No new suggestions.' : `Found ${found} new ${found === 1 ? 'suggestion' : 'suggestions'}.`;
    });

  const total = page?.total ?? 0;
  return (
    <section className="panel-section" aria-labelledby="panel-suggestions-title" data-testid="panel-suggestions">
      <div className="panel-head">
        <h2 className="panel-title" id="panel-suggestions-title">
          Suggestions
        </h2>
        {page && <span className="panel-count">{total}</span>}
        <button type="button" className="button button-small panel-head-action" onClick={scan} disabled={busy !== null}>
          {busy === 'scan' ? 'Finding…' : 'Find suggestions'}
        </button>
      </div>
      {(loadError || status) && (
        <p
          className={loadError || status?.error ? 'panel-error' : 'panel-status'}
          role={loadError || status?.error ? 'alert' : 'status'}
        >
          {loadError ?? status?.message}
        </p>
      )}
      {page && total === 0 && (
        <p className="panel-note">None waiting. Mentions of known entities and likely names show here to accept.</p>
      )}
      {groups.map((group) => (
        <div
          key={group.key}
          className={`suggestion-group ${entityTypeClass(group.type)}`}
          data-testid="suggestion-group"
        >
          <div className="suggestion-group-head">
            <span className="entity-dot" aria-hidden="true" />
            <span className="suggestion-name">{group.name}</span>
            <EntityTypeBadge type={group.type} />
            {group.entityId === null && <span className="chip-note">new</span>}
            {group.items.length > 1 && (
              <button
                type="button"
                className="button button-small panel-head-action"
                disabled={busy !== null}
                aria-label={`Accept all for ${group.name}`}
                title={`Accept all ${group.items.length} mentions of ${group.name} in this source`}
                onClick={() =>
                  act(group.key, `The mentions of ${group.name} were not accepted`, async () => {
                    let entityId = group.entityId;
                    let accepted = 0;
                    if (entityId === null) {
                      // A new entity: accepting one mention creates it, and the core points the others at it.
                      entityId = (await api['suggestions.accept']({ suggestionId: group.items[0]!.suggestionId }))
                        .entityId;
                      accepted = 1;
                    }
                    accepted += (await api['suggestions.acceptAll']({ entityId, sourceId })).accepted;
                    return `Linked ${accepted} ${accepted === 1 ? 'mention' : 'mentions'} of ${group.name}.`;
                  })
                }
              >
                Accept all
              </button>
            )}
          </div>
          <ul className="suggestion-list">
            {(opened.has(group.key) ? group.items : group.items.slice(0, SHOWN)).map((s) => (
              <li
                key={s.suggestionId}
                className="suggestion"
                data-testid="suggestion"
                data-suggestion-id={s.suggestionId}
              >
                <button
                  type="button"
                  className="suggestion-context"
                  title="Show in the text"
                  onClick={() => onGlimpse({ start: s.start, end: s.end })}
                >
                  {s.start > CONTEXT && '…'}
                  {text.slice(Math.max(0, s.start - CONTEXT), s.start).trimStart()}
                  <strong>{text.slice(s.start, s.end)}</strong>
                  {text.slice(s.end, s.end + CONTEXT).trimEnd()}
                  {s.end + CONTEXT < text.length && '…'}
                </button>
                <span className="suggestion-actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy !== null}
                    aria-label={
                      s.entityId !== null ? `Accept “${s.text}” for ${s.name}` : `Accept “${s.text}” as a new ${s.type}`
                    }
                    onClick={() =>
                      act(`a${s.suggestionId}`, `“${s.text}” was not accepted`, async () => {
                        await api['suggestions.accept']({ suggestionId: s.suggestionId });
                        return null;
                      })
                    }
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className="button button-small button-quiet-small"
                    disabled={busy !== null}
                    aria-label={`Reject “${s.text}”`}
                    onClick={() =>
                      act(`r${s.suggestionId}`, `“${s.text}” was not rejected`, async () => {
                        await api['suggestions.reject']({ suggestionId: s.suggestionId });
                        return null;
                      })
                    }
                  >
                    Reject
                  </button>
                </span>
              </li>
            ))}
          </ul>
          {group.items.length > SHOWN && (
            <button
              type="button"
              className="suggestion-more"
              aria-expanded={opened.has(group.key)}
              onClick={() =>
                setOpened((keys) => {
                  const next = new Set(keys);
                  if (!next.delete(group.key)) next.add(group.key);
                  return next;
                })
              }
            >
              {opened.has(group.key) ? 'Show fewer' : `Show all ${group.items.length} mentions`}
            </button>
          )}
        </div>
      ))}
      {page && total > page.items.length && (
        <p className="panel-note">
          Showing the first {page.items.length} of {total}.
        </p>
      )}
    </section>
  );
}
