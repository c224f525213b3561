import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { Entity, EntityProfile, MergeRecord } from '../../../src-main/core/entities/types';
import { api } from '../../api/client';
import { EntityPicker, EntityTypeBadge, entityTypeClass } from '../../components/EntityPicker';
import { Icon } from '../../components/Icon';
import { errorMessage } from '../errors';

export interface MergeDialogProps {
  /** The entity whose page the merge starts from. */
  entity: Entity;
  /** The other entity, when already chosen (a possible duplicate); otherwise the dialog asks. */
  other?: Pick<Entity, 'entityId' | 'name'>;
  onMerged(merge: MergeRecord, survivor: Entity, merged: Entity): void;
  onClose(): void;
}

type Other = { profile: EntityProfile } | { error: string } | null;

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * Merging two entities: pick the other one, choose which name survives, read
 * what moves, confirm. The merge is recorded and can be undone from the
 * survivor's page.
 */
export function MergeDialog({ entity, other: given, onMerged, onClose }: MergeDialogProps): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  const [otherId, setOtherId] = useState<number | null>(given?.entityId ?? null);
  const [other, setOther] = useState<Other>(null);
  const [thisSurvives, setThisSurvives] = useState(true);
  const [mine, setMine] = useState<EntityProfile | null>(null);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    api['entities.profile']({ entityId: entity.entityId }).then(
      (p) => live && setMine(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [entity.entityId]);

  useEffect(() => {
    if (otherId === null) return;
    let live = true;
    api['entities.profile']({ entityId: otherId }).then(
      (profile) => live && setOther({ profile }),
      (err: unknown) => live && setOther({ error: `That entity could not be read: ${errorMessage(err)}` }),
    );
    return () => {
      live = false;
    };
  }, [otherId]);

  const otherProfile = other && 'profile' in other && other.profile.entity.entityId === otherId ? other.profile : null;
  const survivor = otherProfile ? (thisSurvives ? entity : otherProfile.entity) : null;
  const merged = otherProfile ? (thisSurvives ? otherProfile : mine) : null;
  const mergedEntity = otherProfile ? (thisSurvives ? otherProfile.entity : entity) : null;

  const confirm = (): void => {
    if (!survivor || !mergedEntity) return;
    setState({ busy: true, error: null });
    api['entities.merge']({ survivorId: survivor.entityId, mergedId: mergedEntity.entityId }).then(
      (record) => onMerged(record, survivor, mergedEntity),
      (err: unknown) => setState({ busy: false, error: `The entities were not merged: ${errorMessage(err)}` }),
    );
  };

  return (
    <dialog
      ref={dialog}
      className="dialog ent-dialog"
      aria-labelledby="merge-title"
      data-testid="merge-dialog"
      onClose={onClose}
    >
      <header className="dialog-header">
        <h2 className="dialog-title" id="merge-title">
          Merge “{entity.name}” with…
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          <Icon name="close" size={16} />
        </button>
      </header>
      <div className="dialog-body ent-merge">
        {otherId === null || !otherProfile ? (
          <>
            <p className="ent-merge-lead">Which entity is the same as “{entity.name}”?</p>
            <EntityPicker
              label="Entity to merge with"
              placeholder="Type a name or alias"
              autoFocus
              excludeIds={[entity.entityId]}
              onPick={(choice) => {
                // Only an existing entity can be merged; the picker's "Create …" options do nothing here.
                if ('entity' in choice) setOtherId(choice.entity.entityId);
              }}
            />
            {other && 'error' in other && (
              <p className="form-error" role="alert">
                {other.error}
              </p>
            )}
          </>
        ) : (
          <>
            <fieldset className="ent-merge-choice">
              <legend className="form-label">Keep which name?</legend>
              {[entity, otherProfile.entity].map((e, i) => (
                <label key={e.entityId} className={`ent-merge-option ${entityTypeClass(e.type)}`}>
                  <input
                    type="radio"
                    name="merge-survivor"
                    checked={thisSurvives === (i === 0)}
                    onChange={() => setThisSurvives(i === 0)}
                  />
                  <span className="entity-dot" aria-hidden="true" />
                  <span className="ent-merge-name">{e.name}</span>
                  <EntityTypeBadge type={e.type} />
                </label>
              ))}
            </fieldset>
            {survivor && mergedEntity && (
              <div className="ent-merge-explain" data-testid="merge-explanation">
                <p>
                  “{mergedEntity.name}” will be merged into “{survivor.name}”:
                </p>
                <ul>
                  <li>
                    {mergedEntity.aliases.length > 0
                      ? `“${mergedEntity.name}” and its ${plural(mergedEntity.aliases.length, 'alias', 'aliases')} become aliases`
                      : `“${mergedEntity.name}” becomes an alias`}{' '}
                    of “{survivor.name}”;
                  </li>
                  <li>
                    {merged
                      ? `its ${plural(merged.passages, 'linked passage', 'linked passages')} (in ${plural(merged.sources, 'source', 'sources')})`
                      : 'its linked passages'}
                    , its suggestions and the notes that mention it move to “{survivor.name}”;
                  </li>
                  <li>“{mergedEntity.name}” leaves the entity list.</li>
                </ul>
                {survivor.type !== mergedEntity.type && (
                  <p className="ent-merge-warn">
                    They have different types: the merged entity is a {survivor.type.toLowerCase()}, like “
                    {survivor.name}”.
                  </p>
                )}
                <p className="ent-merge-note">The merge can be undone from the page of “{survivor.name}”.</p>
              </div>
            )}
            {state.error && (
              <p className="form-error" role="alert">
                {state.error}
              </p>
            )}
            <div className="form-actions">
              <button type="button" className="button button-primary" onClick={confirm} disabled={state.busy}>
                {state.busy ? 'Merging…' : 'Merge'}
              </button>
              {!given && (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setOtherId(null);
                    setOther(null);
                    setState({ busy: false, error: null });
                  }}
                >
                  Choose another
                </button>
              )}
              <button type="button" className="button button-quiet" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        )}
      </div>
    </dialog>
  );
}
