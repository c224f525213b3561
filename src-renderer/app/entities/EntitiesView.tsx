import { useState, type ReactElement } from 'react';
import type { Entity } from '../../../src-main/core/entities/types';
import { api } from '../../api/client';
import { Icon } from '../../components/Icon';
import { navigate, routeHref, type EntitiesTab } from '../route';
import { EntityList } from './EntityList';
import { EntityRows } from './entityRows';
import { NewEntityDialog } from './NewEntityDialog';
import { OrphansList } from './OrphansList';
import { SuggestionsInbox } from './SuggestionsInbox';
import { TrashList } from './TrashList';
import { ToastHost } from './UndoToast';
import { useLive } from './useLive';

const TABS: { tab: EntitiesTab; label: string }[] = [
  { tab: 'list', label: 'All entities' },
  { tab: 'suggestions', label: 'Suggestions' },
  { tab: 'orphans', label: 'Orphans' },
  { tab: 'trash', label: 'Trash' },
];

/** Kept across visits, so coming back from an entity's page finds the same search, filter and scroll. */
let sharedRows: EntityRows | null = null;

interface Counts {
  suggestions: number;
  orphans: number;
  trash: number;
}

/** The small numbers on the tabs: what waits in each. */
function useCounts(): Counts | null {
  return useLive(
    async (): Promise<Counts> => {
      const [suggestions, orphans, trash] = await Promise.all([
        api['suggestions.list']({ status: 'pending', offset: 0, limit: 1 }),
        api['passages.orphans']({}),
        api['entities.list']({ trash: true, offset: 0, limit: 1 }),
      ]);
      return { suggestions: suggestions.total, orphans: orphans.length, trash: trash.total };
    },
    'counts',
    ['entities.changed', 'passages.changed', 'suggestions.changed'],
    'The counts could not be loaded',
  ).value;
}

export interface EntitiesViewProps {
  tab: EntitiesTab;
}

/** The Entities section: the list, the notebook-wide suggestions inbox, orphaned passages, the trash. */
export function EntitiesView({ tab }: EntitiesViewProps): ReactElement {
  const [rows] = useState(() => (sharedRows ??= new EntityRows()));
  const [creating, setCreating] = useState(false);
  const counts = useCounts();

  const openEntity = (entityId: number): void => navigate({ name: 'entity', entityId });

  let content: ReactElement;
  switch (tab) {
    case 'suggestions':
      content = <SuggestionsInbox />;
      break;
    case 'orphans':
      content = <OrphansList />;
      break;
    case 'trash':
      content = <TrashList />;
      break;
    default:
      content = <EntityList rows={rows} onOpen={openEntity} onCreate={() => setCreating(true)} />;
  }

  const countOf = (t: EntitiesTab): number | null => (t === 'list' || !counts ? null : counts[t]);

  return (
    <div className="view view-entities">
      <header className="view-header ent-header">
        <div className="view-heading">
          <h1 className="view-title">Entities</h1>
          <nav className="ent-tabs" aria-label="Entities">
            {TABS.map(({ tab: t, label }) => {
              const n = countOf(t);
              return (
                <a
                  key={t}
                  className="ent-tab"
                  href={routeHref({ name: 'entities', tab: t })}
                  aria-current={t === tab ? 'page' : undefined}
                >
                  {label}
                  {n !== null && n > 0 && (
                    <span className={t === 'suggestions' ? 'ent-tab-count is-accent' : 'ent-tab-count'}>
                      {n.toLocaleString()}
                    </span>
                  )}
                </a>
              );
            })}
          </nav>
        </div>
        <div className="view-actions">
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" size={16} />
            New entity
          </button>
        </div>
      </header>
      {content}
      <ToastHost />
      {creating && (
        <NewEntityDialog
          onClose={() => setCreating(false)}
          onCreated={(entity: Entity) => {
            setCreating(false);
            openEntity(entity.entityId);
          }}
        />
      )}
    </div>
  );
}
