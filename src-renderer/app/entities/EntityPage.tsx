import { useEffect, useState, type ReactElement } from 'react';
import type {
  Entity,
  EntityProfile,
  EntityTimelineGroup,
  MergeCandidate,
  MergeRecord,
} from '../../../src-main/core/entities/types';
import { api } from '../../api/client';
import { EntityTypeBadge, entityTypeClass } from '../../components/EntityPicker';
import { Icon } from '../../components/Icon';
import { newDossierFromEntity } from '../dossiers/newDossier';
import { errorMessage } from '../errors';
import { dateTimeOf, dayOf } from '../format';
import { navigate, routeHref } from '../route';
import { EntityEditor, type EntityValues } from './EntityEditor';
import { MergeDialog } from './MergeDialog';
import { UnlinkedMentions } from './UnlinkedMentions';
import { showToast, ToastHost } from './UndoToast';
import { useLive } from './useLive';

/** Sources shown before "Show more", and passages a source; a long timeline opens in steps. */
const SOURCES_STEP = 50;
const PASSAGES_SHOWN = 8;
const COOCCURRING_SHOWN = 12;
/** Merge candidates read to find this entity's; the core ranks them. */
const CANDIDATE_LIMIT = 500;

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export interface EntityPageProps {
  entityId: number;
}

/**
 * One entity: its profile (editable in place), every passage that supports
 * it as a timeline of sources, who and what it appears with, the notes that
 * mention it, its unlinked mentions, merges and possible duplicates.
 */
export function EntityPage({ entityId }: EntityPageProps): ReactElement {
  const profile = useLive(
    () => api['entities.profile']({ entityId }),
    String(entityId),
    ['entities.changed', 'passages.changed'],
    'This entity could not be loaded',
  );
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState<Pick<Entity, 'entityId' | 'name'> | true | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const p = profile.value;
  const name = p?.entity.name ?? null;
  useEffect(() => {
    if (!name) return;
    document.title = `${name} — Casebook`;
    return () => {
      document.title = 'Casebook';
    };
  }, [name]);

  const trashed = Boolean(p?.entity.deletedAt);
  const [drafting, setDrafting] = useState(false);

  const draftDossier = (entity: Entity): void => {
    setProblem(null);
    setDrafting(true);
    newDossierFromEntity(entity.entityId).catch((err: unknown) => {
      setDrafting(false);
      setProblem(`No dossier was drafted: ${errorMessage(err)}`);
    });
  };

  const remove = (entity: Entity): void => {
    setProblem(null);
    api['entities.delete']({ entityId: entity.entityId }).then(
      () =>
        showToast(`“${entity.name}” moved to the trash.`, () => api['entities.restore']({ entityId: entity.entityId })),
      (err: unknown) => setProblem(`“${entity.name}” was not deleted: ${errorMessage(err)}`),
    );
  };

  const restore = (entity: Entity): void => {
    setProblem(null);
    api['entities.restore']({ entityId: entity.entityId }).then(
      () => showToast(`“${entity.name}” is back from the trash.`),
      (err: unknown) => setProblem(`“${entity.name}” was not restored: ${errorMessage(err)}`),
    );
  };

  const onMerged = (record: MergeRecord, survivor: Entity, merged: Entity): void => {
    setMerging(null);
    showToast(`Merged “${merged.name}” into “${survivor.name}”.`, () =>
      api['entities.unmerge']({ mergeId: record.mergeId }),
    );
    if (survivor.entityId !== entityId) navigate({ name: 'entity', entityId: survivor.entityId });
  };

  let body: ReactElement;
  if (p === null) {
    body = profile.error ? (
      <div className="view-message" role="alert">
        <p>{profile.error}</p>
        <a className="button" href={routeHref({ name: 'entities' })}>
          Back to the entities
        </a>
      </div>
    ) : (
      <div className="view-message" aria-busy="true">
        Loading…
      </div>
    );
  } else {
    const { entity } = p;
    body = (
      <div className={`ent-page ${entityTypeClass(entity.type)}`} data-testid="entity-page">
        {trashed && (
          <div className="ent-banner" role="status" data-testid="trash-banner">
            <span>
              This entity is in the trash{entity.deletedAt ? ` since ${dateTimeOf(entity.deletedAt)}` : ''}. Its
              passages keep their links, hidden until it is restored.
            </span>
            <button type="button" className="button button-small" onClick={() => restore(entity)}>
              Restore
            </button>
          </div>
        )}
        {editing ? (
          <EntityEditor
            entity={entity}
            submitLabel="Save"
            failure="The entity was not saved"
            onCancel={() => setEditing(false)}
            onSubmit={async (v) => {
              const edit = changesOf(entity, v);
              if (Object.keys(edit).length > 0) await api['entities.update']({ entityId, ...edit });
              setEditing(false);
              profile.reload();
            }}
          />
        ) : (
          <Profile profile={p} />
        )}
        {profile.error && (
          <p className="ent-status is-error" role="alert">
            {profile.error}
          </p>
        )}
        {!trashed && <Duplicates entity={entity} onMerge={(other) => setMerging(other)} />}
        <div className="ent-columns">
          <div className="ent-main">
            <Timeline key={entityId} timeline={p.timeline} name={entity.name} />
            {!trashed && <UnlinkedMentions entity={entity} />}
          </div>
          <aside className="ent-aside">
            <CoOccurring key={entityId} profile={p} />
            <Notes profile={p} />
            <Merges entity={entity} />
          </aside>
        </div>
      </div>
    );
  }

  return (
    <div className="view view-entity">
      <header className="view-header ent-page-toolbar">
        <a className="button button-quiet" href={routeHref({ name: 'entities' })}>
          <Icon name="back" size={16} />
          Entities
        </a>
        <div className="view-actions">
          {problem && (
            <p className="ent-toolbar-problem" role="alert">
              {problem}
            </p>
          )}
          {p && !trashed && (
            <>
              <button
                type="button"
                className="button"
                onClick={() => draftDossier(p.entity)}
                disabled={drafting}
                title="Draft a dossier from this entity: profile, timeline, related entities, notes, sources"
              >
                <Icon name="dossiers" size={16} />
                New dossier
              </button>
              <button type="button" className="button" onClick={() => setEditing(true)} disabled={editing}>
                <Icon name="edit" size={16} />
                Edit
              </button>
              <button type="button" className="button" onClick={() => setMerging(true)}>
                <Icon name="merge" size={16} />
                Merge with…
              </button>
              <button type="button" className="button ent-danger" onClick={() => remove(p.entity)}>
                <Icon name="trash" size={16} />
                Delete
              </button>
            </>
          )}
          {p && trashed && (
            <button type="button" className="button button-primary" onClick={() => restore(p.entity)}>
              Restore
            </button>
          )}
        </div>
      </header>
      <div className="ent-page-scroll">{body}</div>
      {p && merging !== null && (
        <MergeDialog
          entity={p.entity}
          other={merging === true ? undefined : merging}
          onMerged={onMerged}
          onClose={() => setMerging(null)}
        />
      )}
      <ToastHost />
    </div>
  );
}

/** Only what changed goes to the core, so an unchanged field is never rewritten. */
function changesOf(entity: Entity, v: EntityValues): Partial<EntityValues> {
  const edit: Partial<EntityValues> = {};
  if (v.type !== entity.type) edit.type = v.type;
  if (v.name !== entity.name) edit.name = v.name;
  if (v.aliases.join('\n') !== entity.aliases.join('\n')) edit.aliases = v.aliases;
  if (v.description !== entity.description) edit.description = v.description;
  if (v.dateStart !== entity.dateStart) edit.dateStart = v.dateStart;
  if (v.dateEnd !== entity.dateEnd) edit.dateEnd = v.dateEnd;
  return edit;
}

function eventDates(entity: Entity): string | null {
  if (entity.type !== 'Event' || !entity.dateStart) return null;
  return entity.dateEnd ? `${entity.dateStart} – ${entity.dateEnd}` : entity.dateStart;
}

function Profile({ profile }: { profile: EntityProfile }): ReactElement {
  const { entity } = profile;
  const dates = eventDates(entity);
  return (
    <header className="ent-profile" data-testid="entity-profile">
      <div className="ent-profile-type">
        <EntityTypeBadge type={entity.type} />
        {dates && (
          <span className="ent-profile-dates" data-testid="entity-dates">
            {dates}
          </span>
        )}
      </div>
      <h1 className="ent-profile-name">{entity.name}</h1>
      {entity.aliases.length > 0 && (
        <p className="ent-profile-aliases" data-testid="entity-aliases">
          <span className="ent-profile-label">Also</span>
          {entity.aliases.map((a) => (
            <span key={a} className="ent-alias">
              {a}
            </span>
          ))}
        </p>
      )}
      {entity.description && <p className="ent-profile-description">{entity.description}</p>}
      <p className="ent-profile-counts" data-testid="entity-counts">
        {plural(profile.passages, 'passage', 'passages')} in {plural(profile.sources, 'source', 'sources')}
      </p>
    </header>
  );
}

function Timeline({ timeline, name }: { timeline: EntityTimelineGroup[]; name: string }): ReactElement {
  const [shown, setShown] = useState(SOURCES_STEP);
  return (
    <section className="ent-section" aria-labelledby="ent-timeline-title">
      <div className="ent-section-head">
        <h2 className="ent-section-title" id="ent-timeline-title">
          Timeline
        </h2>
        <span className="ent-section-note">by the sources’ dates</span>
      </div>
      {timeline.length === 0 ? (
        <p className="ent-empty">
          No passage is linked to {name} yet. Select text in a source and link it, or accept its unlinked mentions
          below.
        </p>
      ) : (
        <ol className="ent-timeline" data-testid="entity-timeline">
          {timeline.slice(0, shown).map((group) => (
            <TimelineGroup key={group.source.sourceId} group={group} />
          ))}
        </ol>
      )}
      {timeline.length > shown && (
        <button
          type="button"
          className="button button-small ent-more"
          onClick={() => setShown((n) => n + SOURCES_STEP)}
        >
          Show more sources ({(timeline.length - shown).toLocaleString()} more)
        </button>
      )}
    </section>
  );
}

function TimelineGroup({ group }: { group: EntityTimelineGroup }): ReactElement {
  const [all, setAll] = useState(false);
  const { source, passages } = group;
  const shown = all ? passages : passages.slice(0, PASSAGES_SHOWN);
  return (
    <li className="ent-tl-group" data-testid="timeline-source">
      <div className="ent-tl-date">{source.publishedAt ? dayOf(source.publishedAt) : 'Undated'}</div>
      <div className="ent-tl-body">
        <a className="ent-tl-source" href={routeHref({ name: 'source', sourceId: source.sourceId })}>
          {source.title}
        </a>
        <ul className="ent-tl-passages">
          {shown.map((passage) => (
            <li key={passage.passageId}>
              <a
                className={passage.status === 'orphan' ? 'ent-tl-passage is-orphan' : 'ent-tl-passage'}
                href={routeHref({ name: 'source', sourceId: source.sourceId, passageId: passage.passageId })}
                data-testid="timeline-passage"
              >
                <q className="ent-tl-quote">{passage.exact}</q>
                {(passage.page !== null || passage.status === 'orphan') && (
                  <span className="ent-tl-meta">
                    {passage.page !== null && <span>p. {passage.page}</span>}
                    {passage.status === 'orphan' && <span className="ent-tl-orphan">could not be re-anchored</span>}
                  </span>
                )}
              </a>
              {passage.comment && <p className="ent-tl-comment">{passage.comment}</p>}
            </li>
          ))}
        </ul>
        {passages.length > PASSAGES_SHOWN && (
          <button type="button" className="ent-link-button" onClick={() => setAll(!all)}>
            {all ? 'Show fewer' : `Show all ${passages.length.toLocaleString()} passages in this source`}
          </button>
        )}
      </div>
    </li>
  );
}

function CoOccurring({ profile }: { profile: EntityProfile }): ReactElement {
  const [all, setAll] = useState(false);
  const list = profile.cooccurring;
  const shown = all ? list : list.slice(0, COOCCURRING_SHOWN);
  return (
    <section className="ent-section" aria-labelledby="ent-cooc-title">
      <div className="ent-section-head">
        <h2 className="ent-section-title" id="ent-cooc-title">
          Appears with
        </h2>
      </div>
      {list.length === 0 ? (
        <p className="ent-empty">No other entity shares a passage or a source with {profile.entity.name} yet.</p>
      ) : (
        <ol className="ent-cooc" data-testid="cooccurring">
          {shown.map((c) => (
            <li key={c.entity.entityId} className={entityTypeClass(c.entity.type)}>
              <a className="ent-cooc-link" href={routeHref({ name: 'entity', entityId: c.entity.entityId })}>
                <span className="entity-dot" aria-hidden="true" />
                <span className="ent-cooc-name">{c.entity.name}</span>
              </a>
              <span className="ent-cooc-counts">
                {c.sharedPassages > 0 && `${plural(c.sharedPassages, 'passage', 'passages')} · `}
                {plural(c.sharedSources, 'source', 'sources')}
              </span>
            </li>
          ))}
        </ol>
      )}
      {list.length > COOCCURRING_SHOWN && (
        <button type="button" className="ent-link-button" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${list.length.toLocaleString()}`}
        </button>
      )}
    </section>
  );
}

function Notes({ profile }: { profile: EntityProfile }): ReactElement {
  const { notes, entity } = profile;
  return (
    <section className="ent-section" aria-labelledby="ent-notes-title" data-testid="entity-notes">
      <div className="ent-section-head">
        <h2 className="ent-section-title" id="ent-notes-title">
          Notes that mention {entity.name}
        </h2>
      </div>
      {notes.length === 0 ? (
        <p className="ent-empty">No note mentions {entity.name} yet.</p>
      ) : (
        <ul className="ent-notes">
          {notes.map((n) => (
            <li key={n.noteId}>
              <a className="ent-note-title" href={routeHref({ name: 'notes', noteId: n.noteId })}>
                {n.title || 'Untitled note'}
              </a>
              <span className="ent-note-date">{dayOf(n.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type MergeRow = MergeRecord & { mergedName: string | null };

/** What was merged into this entity, newest first; each merge not yet undone can be. */
function Merges({ entity }: { entity: Entity }): ReactElement | null {
  const { entityId } = entity;
  const merges = useLive(
    async (): Promise<MergeRow[]> => {
      const records = await api['entities.merges']({ entityId });
      // The merged entity's name, as it was: a merged entity is kept (hidden), so it can be read.
      return Promise.all(
        records.map(async (r) => ({
          ...r,
          mergedName: await api['entities.get']({ entityId: r.mergedId }).then(
            (e) => e.name,
            () => null,
          ),
        })),
      );
    },
    String(entityId),
    ['entities.changed'],
    'The merge history could not be loaded',
  );
  const [state, setState] = useState<{ busy: number | null; error: string | null }>({ busy: null, error: null });
  const rows = merges.value ?? [];
  if (rows.length === 0 && !merges.error) return null;

  const undo = (r: MergeRow): void => {
    setState({ busy: r.mergeId, error: null });
    api['entities.unmerge']({ mergeId: r.mergeId }).then(
      () => setState({ busy: null, error: null }),
      (err: unknown) => setState({ busy: null, error: `The merge was not undone: ${errorMessage(err)}` }),
    );
  };

  return (
    <section className="ent-section" aria-labelledby="ent-merges-title" data-testid="merge-history">
      <div className="ent-section-head">
        <h2 className="ent-section-title" id="ent-merges-title">
          Merged into this entity
        </h2>
      </div>
      {(merges.error ?? state.error) && (
        <p className="ent-status is-error" role="alert">
          {merges.error ?? state.error}
        </p>
      )}
      <ul className="ent-merges">
        {rows.map((r) => (
          <li key={r.mergeId} className={r.undoneAt ? 'is-undone' : undefined}>
            <span className="ent-merge-what">
              <span className="ent-merge-merged">{r.mergedName ?? `Entity ${r.mergedId}`}</span>
              <span className="ent-merge-when">
                {r.undoneAt ? `undone ${dateTimeOf(r.undoneAt)}` : dateTimeOf(r.mergedAt)}
              </span>
            </span>
            {!r.undoneAt && (
              <button
                type="button"
                className="button button-small"
                disabled={state.busy !== null}
                aria-label={`Undo the merge of ${r.mergedName ?? `entity ${r.mergedId}`}`}
                onClick={() => undo(r)}
              >
                {state.busy === r.mergeId ? 'Undoing…' : 'Undo'}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Entities the app thinks may be this one: merge, or say they are not the same (never suggested again). */
function Duplicates({
  entity,
  onMerge,
}: {
  entity: Entity;
  onMerge(other: Pick<Entity, 'entityId' | 'name'>): void;
}): ReactElement | null {
  const { entityId } = entity;
  const candidates = useLive(
    async () =>
      (await api['entities.mergeCandidates']({ limit: CANDIDATE_LIMIT })).filter(
        (c) => c.a.entityId === entityId || c.b.entityId === entityId,
      ),
    String(entityId),
    ['entities.changed'],
    'Possible duplicates could not be looked for',
  );
  const [state, setState] = useState<{ busy: number | null; error: string | null }>({ busy: null, error: null });
  const list = candidates.value ?? [];
  if (list.length === 0) return null;

  const other = (c: MergeCandidate): MergeCandidate['a'] => (c.a.entityId === entityId ? c.b : c.a);
  const distinct = (c: MergeCandidate): void => {
    const o = other(c);
    setState({ busy: o.entityId, error: null });
    api['entities.markDistinct']({ aId: entityId, bId: o.entityId }).then(
      () => {
        setState({ busy: null, error: null });
        candidates.reload();
      },
      (err: unknown) => setState({ busy: null, error: `That was not recorded: ${errorMessage(err)}` }),
    );
  };

  return (
    <section className="ent-duplicates" aria-labelledby="ent-dup-title" data-testid="possible-duplicates">
      <h2 className="ent-dup-title" id="ent-dup-title">
        Possible duplicates
      </h2>
      {state.error && (
        <p className="ent-status is-error" role="alert">
          {state.error}
        </p>
      )}
      <ul className="ent-dup-list">
        {list.map((c) => {
          const o = other(c);
          return (
            <li key={o.entityId} className={entityTypeClass(o.type)}>
              <span className="entity-dot" aria-hidden="true" />
              <a className="ent-dup-name" href={routeHref({ name: 'entity', entityId: o.entityId })}>
                {o.name}
              </a>
              <span className="ent-dup-reason">{c.reason}</span>
              <span className="ent-dup-actions">
                <button
                  type="button"
                  className="button button-small"
                  disabled={state.busy !== null}
                  aria-label={`Merge with ${o.name}`}
                  onClick={() => onMerge(o)}
                >
                  Merge…
                </button>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  disabled={state.busy !== null}
                  aria-label={`${o.name} is not the same`}
                  onClick={() => distinct(c)}
                >
                  Not the same
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
