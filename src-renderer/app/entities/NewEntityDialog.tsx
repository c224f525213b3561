import { useEffect, useRef, type ReactElement } from 'react';
import type { Entity, EntityType } from '../../../src-main/core/entities/types';
import { api } from '../../api/client';
import { Icon } from '../../components/Icon';
import { EntityEditor } from './EntityEditor';

export interface NewEntityDialogProps {
  defaultType?: EntityType;
  onCreated(entity: Entity): void;
  onClose(): void;
}

/** "New entity": the editor in a modal dialog; Escape or Cancel closes it and creates nothing. */
export function NewEntityDialog({ defaultType, onCreated, onClose }: NewEntityDialogProps): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  // Unmounting removes the dialog, and with it the modal state: no close() in a cleanup.
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog ent-dialog"
      aria-labelledby="new-entity-title"
      data-testid="new-entity-dialog"
      onClose={onClose}
    >
      <header className="dialog-header">
        <h2 className="dialog-title" id="new-entity-title">
          New entity
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          <Icon name="close" size={16} />
        </button>
      </header>
      <div className="dialog-body">
        <EntityEditor
          entity={null}
          defaultType={defaultType}
          submitLabel="Create entity"
          failure="The entity was not created"
          onCancel={onClose}
          onSubmit={async (v) => {
            const entity = await api['entities.create']({
              type: v.type,
              name: v.name,
              aliases: v.aliases,
              description: v.description,
              ...(v.type === 'Event' ? { dateStart: v.dateStart, dateEnd: v.dateEnd } : {}),
            });
            onCreated(entity);
          }}
        />
      </div>
    </dialog>
  );
}
