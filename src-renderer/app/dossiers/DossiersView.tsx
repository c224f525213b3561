import { useState, type ReactElement } from 'react';
import { EntityPicker } from '../../components/EntityPicker';
import { errorMessage } from '../errors';
import { api } from '../../api/client';
import { DossierPane } from './DossierPane';
import { DossiersList } from './DossiersList';
import { newDossier, newDossierFromEntity } from './newDossier';

/** `#/dossiers` and `#/dossiers/ID`: the dossiers list beside the open dossier. */
export function DossiersView({ dossierId }: { dossierId: number | null }): ReactElement {
  const [error, setError] = useState<string | null>(null);
  const [drafting, setDrafting] = useState(false);
  const failed = (what: string) => (err: unknown) => {
    setDrafting(false);
    setError(`${what}: ${errorMessage(err)}`);
  };
  const create = (): void => {
    setError(null);
    newDossier().catch(failed('The dossier was not created'));
  };
  return (
    <div className="view notes-view dossiers-view">
      <DossiersList selected={dossierId} onNew={create} />
      <section className="notes-pane">
        {error && (
          <p className="note-banner is-warning" role="alert">
            {error}
          </p>
        )}
        {dossierId !== null ? (
          <DossierPane key={dossierId} dossierId={dossierId} />
        ) : (
          <div className="view-message dossiers-start">
            <p>
              A dossier gathers what the notebook knows about a person, an organization or a question, and exports it to
              PDF with every quote cited.
            </p>
            <div className="dossiers-start-entity">
              <EntityPicker
                label="Draft a dossier about…"
                placeholder="Draft a dossier about… (type a name)"
                disabled={drafting}
                onPick={(choice) => {
                  setError(null);
                  setDrafting(true);
                  const id =
                    'entity' in choice
                      ? Promise.resolve(choice.entity.entityId)
                      : api['entities.create'](choice.newEntity).then((e) => e.entityId);
                  id.then(newDossierFromEntity).catch(failed('The dossier was not drafted'));
                }}
              />
            </div>
            <button type="button" className="button" onClick={create}>
              Start an empty dossier
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
