import { useMemo, useState, type ReactElement } from 'react';
import type { Entity } from '../../../src-main/core/entities/types';
import { api } from '../../api/client';
import { bySource, StatusLine, SuggestionList, useActions } from './SuggestionRows';
import { useSourceTexts } from './sourceTexts';
import { useLive } from './useLive';

/** Enough to review in one sitting; "Accept all" takes every one, shown or not. */
const LIMIT = 200;

const mentions = (n: number): string => `${n.toLocaleString()} ${n === 1 ? 'mention' : 'mentions'}`;

/**
 * "Find unlinked mentions": the entity's name and aliases looked for across
 * the library, each find waiting for the analyst to accept (a passage linked
 * to this entity) or reject (not proposed again).
 */
export function UnlinkedMentions({ entity }: { entity: Entity }): ReactElement {
  const { entityId } = entity;
  const pending = useLive(
    () => api['suggestions.list']({ entityId, status: 'pending', offset: 0, limit: LIMIT }),
    String(entityId),
    ['suggestions.changed', 'entities.changed'],
    'The mentions could not be loaded',
  );
  const { busy, status, act } = useActions();
  const [scanned, setScanned] = useState(false);
  const page = pending.value;
  const groups = useMemo(() => bySource(page?.items ?? []), [page]);
  const texts = useSourceTexts(useMemo(() => groups.map((g) => g.sourceId), [groups]));
  const total = page?.total ?? 0;

  const scan = (): void =>
    act('scan', 'The library could not be searched', async () => {
      const { found } = await api['suggestions.scan']({ entityId });
      setScanned(true);
      pending.reload();
      return found === 0 ? 'No new mentions found.' : `Found ${mentions(found)} not yet linked.`;
    });

  const acceptAll = (): void =>
    act('all', `The mentions of ${entity.name} were not accepted`, async () => {
      const { accepted } = await api['suggestions.acceptAll']({ entityId });
      return `Linked ${mentions(accepted)} to ${entity.name}.`;
    });

  return (
    <section className="ent-section" aria-labelledby="ent-unlinked-title" data-testid="unlinked-mentions">
      <div className="ent-section-head">
        <h2 className="ent-section-title" id="ent-unlinked-title">
          Unlinked mentions
        </h2>
        {page && total > 0 && <span className="ent-section-count">{total.toLocaleString()}</span>}
        <span className="ent-section-actions">
          {total > 1 && (
            <button type="button" className="button button-small" onClick={acceptAll} disabled={busy !== null}>
              {busy === 'all' ? 'Accepting…' : `Accept all ${total.toLocaleString()}`}
            </button>
          )}
          <button type="button" className="button button-small" onClick={scan} disabled={busy !== null}>
            {busy === 'scan' ? 'Searching…' : 'Find unlinked mentions'}
          </button>
        </span>
      </div>
      <StatusLine status={status} />
      {pending.error && (
        <p className="ent-status is-error" role="alert">
          {pending.error}
        </p>
      )}
      {page && total === 0 && (
        <p className="ent-empty">
          {scanned
            ? `Every mention of ${entity.name} in the library is linked or was rejected.`
            : `Look for “${entity.name}”${entity.aliases.length > 0 ? ' and its aliases' : ''} in every source, to link the mentions not yet marked.`}
        </p>
      )}
      {groups.length > 0 && <SuggestionList groups={groups} texts={texts} busy={busy} act={act} showTarget={false} />}
      {page && total > page.items.length && (
        <p className="ent-empty">
          Showing the first {page.items.length.toLocaleString()} of {total.toLocaleString()}.
        </p>
      )}
    </section>
  );
}
