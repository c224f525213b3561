import { useState, type ReactElement } from 'react';
import type { Suggestion } from '../../../src-main/core/suggestions/types';
import { api } from '../../api/client';
import { EntityTypeBadge, entityTypeClass } from '../../components/EntityPicker';
import { errorMessage } from '../errors';
import { dayOf } from '../format';
import { routeHref } from '../route';
import { contextOf, type SourceText } from './sourceTexts';

export interface SourceGroup {
  sourceId: number;
  title: string;
  items: Suggestion[];
}

/** Suggestions in the order the core gives them (by source, then position), one group a source. */
export function bySource(items: readonly Suggestion[]): SourceGroup[] {
  const groups = new Map<number, SourceGroup>();
  for (const s of items) {
    let group = groups.get(s.sourceId);
    if (!group) {
      group = { sourceId: s.sourceId, title: s.sourceTitle, items: [] };
      groups.set(s.sourceId, group);
    }
    group.items.push(s);
  }
  return [...groups.values()];
}

export type Act = (key: string, what: string, call: () => Promise<string | null>) => void;

/** One action at a time, its outcome said in a status line; the caller reloads on the core's event. */
export function useActions(): {
  busy: string | null;
  status: { message: string; error: boolean } | null;
  act: Act;
  clear(): void;
} {
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ message: string; error: boolean } | null>(null);
  const act: Act = (key, what, call) => {
    setBusy(key);
    setStatus(null);
    call().then(
      (message) => {
        setBusy(null);
        setStatus(message ? { message, error: false } : null);
      },
      (err: unknown) => {
        setBusy(null);
        setStatus({ message: `${what}: ${errorMessage(err)}`, error: true });
      },
    );
  };
  return { busy, status, act, clear: () => setStatus(null) };
}

export function StatusLine({ status }: { status: { message: string; error: boolean } | null }): ReactElement | null {
  if (!status) return null;
  return (
    <p className={status.error ? 'ent-status is-error' : 'ent-status'} role={status.error ? 'alert' : 'status'}>
      {status.message}
    </p>
  );
}

export interface SuggestionListProps {
  groups: SourceGroup[];
  texts: ReadonlyMap<number, SourceText>;
  busy: string | null;
  act: Act;
  /** Shows which entity each mention would link to (the notebook-wide inbox); off on an entity's own page. */
  showTarget: boolean;
}

/** Mentions grouped by source, each with the words around it and its Accept / Reject buttons. */
export function SuggestionList({ groups, texts, busy, act, showTarget }: SuggestionListProps): ReactElement {
  return (
    <div className="ent-sugg-groups">
      {groups.map((group) => {
        const publishedAt = texts.get(group.sourceId)?.publishedAt;
        return (
          <section key={group.sourceId} className="ent-sugg-group" data-testid="suggestion-source">
            <h3 className="ent-sugg-source">
              <a href={routeHref({ name: 'source', sourceId: group.sourceId })}>{group.title}</a>
              {publishedAt && <span className="ent-sugg-date">{dayOf(publishedAt)}</span>}
            </h3>
            <ul className="ent-sugg-list">
              {group.items.map((s) => (
                <SuggestionItem
                  key={s.suggestionId}
                  s={s}
                  text={texts.get(s.sourceId)?.text}
                  busy={busy}
                  act={act}
                  showTarget={showTarget}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function SuggestionItem({
  s,
  text,
  busy,
  act,
  showTarget,
}: {
  s: Suggestion;
  text: string | undefined;
  busy: string | null;
  act: Act;
  showTarget: boolean;
}): ReactElement {
  const ctx = text && text.slice(s.start, s.end) === s.text ? contextOf(text, s.start, s.end) : null;
  const target = s.entityId !== null ? s.name : `new ${s.type.toLowerCase()} “${s.name}”`;
  return (
    <li className={`ent-sugg ${entityTypeClass(s.type)}`} data-testid="suggestion">
      <span className="ent-sugg-context">
        {ctx ? (
          <>
            {ctx.before}
            <mark className="ent-sugg-mark">{ctx.match}</mark>
            {ctx.after}
          </>
        ) : (
          <mark className="ent-sugg-mark">{s.text}</mark>
        )}
      </span>
      {showTarget && (
        <span className="ent-sugg-target">
          <span className="entity-dot" aria-hidden="true" />
          {s.entityId !== null ? (
            <a href={routeHref({ name: 'entity', entityId: s.entityId })}>{s.name}</a>
          ) : (
            <span>{s.name}</span>
          )}
          <EntityTypeBadge type={s.type} />
          {s.entityId === null && <span className="ent-new">new</span>}
        </span>
      )}
      <span className="ent-sugg-actions">
        <button
          type="button"
          className="button button-small"
          disabled={busy !== null}
          aria-label={`Accept “${s.text}” as ${target}`}
          onClick={() =>
            act(`a${s.suggestionId}`, `“${s.text}” was not accepted`, async () => {
              await api['suggestions.accept']({ suggestionId: s.suggestionId });
              return `Linked “${s.text}” to ${s.name}.`;
            })
          }
        >
          Accept
        </button>
        <button
          type="button"
          className="button button-small button-quiet"
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
  );
}
