import { memo, useEffect, useId, useState, type ReactElement } from 'react';
import { api } from '../../api/client';
import { EntityPicker, entityTypeClass } from '../../components/EntityPicker';
import { Icon } from '../../components/Icon';
import type { DossierFields } from '../../editor/plugins/DossierAutosavePlugin/DossierSaver';
import { useCited } from '../../editor/refs/refsStore';
import { errorMessage } from '../errors';
import { rememberAnalyst } from './analyst';
import { UNTITLED } from './newDossier';

/** Handling lines analysts commonly use; the notebook's own lines are offered too. */
const CLASSIFICATIONS = [
  'INTERNAL',
  'CONFIDENTIAL',
  'RESTRICTED',
  'OFFICIAL',
  'OFFICIAL-SENSITIVE',
  'FOR INTERNAL USE ONLY',
  'TLP:CLEAR',
  'TLP:GREEN',
  'TLP:AMBER',
  'TLP:AMBER+STRICT',
  'TLP:RED',
];

/** Line fields hold one line: a pasted line break would be refused by the core. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

export interface DossierHeaderProps {
  fields: DossierFields;
  editable: boolean;
  onFields(fields: Partial<DossierFields>): void;
  /** Enter in the title: on to the text. */
  onDone(): void;
}

/**
 * The top of the dossier's page, laid out like its cover: the handling line,
 * the title, the subject and the analyst. Each edit goes to the saver.
 */
export const DossierHeader = memo(function DossierHeader({
  fields,
  editable,
  onFields,
  onDone,
}: DossierHeaderProps): ReactElement {
  const [title, setTitle] = useState(fields.title === UNTITLED ? '' : fields.title);
  const [classification, setClassification] = useState(fields.classification);
  const [analyst, setAnalyst] = useState(fields.analyst);
  const [subject, setSubject] = useState(fields.subjectEntityId);
  const [suggestions, setSuggestions] = useState<string[]>(CLASSIFICATIONS);
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();

  useEffect(() => {
    let live = true;
    api['dossiers.list']({}).then(
      (all) => {
        if (!live) return;
        const used = all.map((d) => d.classification).filter(Boolean);
        setSuggestions([...new Set([...used, ...CLASSIFICATIONS])]);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const changeSubject = (entityId: number | null): void => {
    setSubject(entityId);
    setProblem(null);
    onFields({ subjectEntityId: entityId });
  };

  return (
    <header className="dossier-cover" data-testid="dossier-header">
      <input
        className="dossier-classification"
        aria-label="Classification or handling line"
        placeholder="Classification or handling line, e.g. INTERNAL"
        list={listId}
        value={classification}
        disabled={!editable}
        spellCheck={false}
        onChange={(e) => {
          const v = oneLine(e.currentTarget.value);
          setClassification(v);
          onFields({ classification: v });
        }}
      />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <textarea
        className="dossier-title"
        aria-label="Dossier title"
        placeholder={UNTITLED}
        rows={1}
        value={title}
        disabled={!editable}
        autoFocus={editable && fields.title === UNTITLED}
        onChange={(e) => {
          const v = oneLine(e.currentTarget.value);
          setTitle(v);
          onFields({ title: v.trim() ? v : UNTITLED });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onDone();
          }
        }}
      />
      <div className="dossier-meta">
        <div className="dossier-meta-field">
          <span className="dossier-meta-label">Subject</span>
          {subject !== null ? (
            <SubjectChip entityId={subject} editable={editable} onRemove={() => changeSubject(null)} />
          ) : editable ? (
            <div className="dossier-subject-picker">
              <EntityPicker
                label="Subject entity"
                placeholder="Add a subject (optional)"
                onPick={(choice) => {
                  if ('entity' in choice) return changeSubject(choice.entity.entityId);
                  api['entities.create'](choice.newEntity).then(
                    (e) => changeSubject(e.entityId),
                    (err: unknown) => setProblem(`The entity was not created: ${errorMessage(err)}`),
                  );
                }}
              />
            </div>
          ) : (
            <span className="dossier-meta-empty">None</span>
          )}
        </div>
        <label className="dossier-meta-field">
          <span className="dossier-meta-label">Analyst</span>
          <input
            className="dossier-analyst"
            placeholder="Your name"
            value={analyst}
            disabled={!editable}
            spellCheck={false}
            onChange={(e) => {
              const v = oneLine(e.currentTarget.value);
              setAnalyst(v);
              rememberAnalyst(v);
              onFields({ analyst: v });
            }}
          />
        </label>
      </div>
      {problem && (
        <p className="dossier-problem" role="alert">
          {problem}
        </p>
      )}
    </header>
  );
});

function SubjectChip({
  entityId,
  editable,
  onRemove,
}: {
  entityId: number;
  editable: boolean;
  onRemove(): void;
}): ReactElement {
  const view = useCited('entity', entityId);
  return (
    <span className={`dossier-subject ${entityTypeClass(view?.type ?? null)}`} data-testid="dossier-subject">
      <span className="entity-dot" aria-hidden="true" />
      <a href={`#/entity/${view?.resolvedId ?? entityId}`}>{view?.name ?? '…'}</a>
      {view?.type && <span className="dossier-subject-type">{view.type}</span>}
      {editable && (
        <button type="button" className="icon-button" aria-label="Remove the subject" onClick={onRemove}>
          <Icon name="close" size={13} />
        </button>
      )}
    </span>
  );
}
