import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { Entity, EntityType } from '../../../src-main/core/entities/types';
import { ApiError } from '../../api/client';
import { ENTITY_TYPE_ORDER, entityTypeClass } from '../../components/EntityPicker';
import { errorMessage } from '../errors';

type Field = 'type' | 'name' | 'aliases' | 'description' | 'dateStart' | 'dateEnd';
type Errors = Partial<Record<Field | 'form', string>>;

export interface EntityValues {
  type: EntityType;
  name: string;
  aliases: string[];
  description: string;
  dateStart: string | null;
  dateEnd: string | null;
}

interface Draft {
  type: EntityType;
  name: string;
  aliases: string;
  description: string;
  dateStart: string;
  dateEnd: string;
}

const draftOf = (entity: Entity | null, type: EntityType): Draft => ({
  type: entity?.type ?? type,
  name: entity?.name ?? '',
  aliases: entity?.aliases.join('\n') ?? '',
  description: entity?.description ?? '',
  dateStart: entity?.dateStart ?? '',
  dateEnd: entity?.dateEnd ?? '',
});

const isDay = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};

/** One alias a line; blanks and repeats (ignoring case) dropped, and the name itself is not its own alias. */
function aliasesOf(text: string, name: string): string[] {
  const seen = new Set([name.trim().toLocaleLowerCase()]);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const alias = line.trim().replace(/\s+/g, ' ');
    const key = alias.toLocaleLowerCase();
    if (!alias || seen.has(key)) continue;
    seen.add(key);
    out.push(alias);
  }
  return out;
}

/** What the analyst typed, checked the way the core will, so most mistakes are caught before a call. */
function validate(draft: Draft): { values: EntityValues } | { errors: Errors } {
  const errors: Errors = {};
  const name = draft.name.trim().replace(/\s+/g, ' ');
  if (!name) errors.name = 'A name cannot be empty.';
  const event = draft.type === 'Event';
  const start = draft.dateStart.trim();
  const end = draft.dateEnd.trim();
  if (event) {
    if (start && !isDay(start)) errors.dateStart = 'Expected a date as YYYY-MM-DD.';
    if (end && !isDay(end)) errors.dateEnd = 'Expected a date as YYYY-MM-DD.';
    else if (end && !start) errors.dateStart = 'A range needs its first day too.';
    else if (end && isDay(start) && end < start) errors.dateEnd = 'The range cannot end before it starts.';
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    values: {
      type: draft.type,
      name,
      aliases: aliasesOf(draft.aliases, name),
      description: draft.description.trim(),
      dateStart: event && start ? start : null,
      // A range ending the day it starts is one day.
      dateEnd: event && end && end !== start ? end : null,
    },
  };
}

const sentence = (s: string): string => {
  const t = s.trim().replace(/\.$/, '');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
};

/** The core's refusal of one field shown under that field; anything else for the whole form. */
function errorsOf(err: unknown, what: string): Errors {
  if (err instanceof ApiError && err.code === 'invalid_input') {
    const m = /\bat (type|name|aliases|description|dateStart|dateEnd)(?:\.\d+)?: (.+)$/.exec(err.message);
    if (m) return { [m[1] as Field]: sentence(m[2]!) };
  }
  return { form: `${what}: ${errorMessage(err)}` };
}

export interface EntityEditorProps {
  /** The entity to edit; null to create one. */
  entity: Entity | null;
  /** The type a new entity starts with. */
  defaultType?: EntityType;
  submitLabel: string;
  /** Says what failed, before the core's reason ("The entity was not saved"). */
  failure: string;
  onSubmit(values: EntityValues): Promise<unknown>;
  onCancel(): void;
}

/**
 * Type, name, aliases (one a line), description, and for an event its day or
 * range of days. Errors show under their field; Escape cancels.
 */
export function EntityEditor({
  entity,
  defaultType = 'Person',
  submitLabel,
  failure,
  onSubmit,
  onCancel,
}: EntityEditorProps): ReactElement {
  const [draft, setDraft] = useState<Draft>(() => draftOf(entity, defaultType));
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  const id = useId();
  const fieldId = (f: Field): string => `${id}-${f}`;

  useEffect(() => {
    nameInput.current?.focus();
    nameInput.current?.select();
  }, []);

  const firstInvalid = (Object.keys(errors) as (Field | 'form')[]).find((f) => f !== 'form');
  useEffect(() => {
    if (firstInvalid) document.getElementById(`${id}-${firstInvalid}`)?.focus();
  }, [firstInvalid, id]);

  const set = (field: Field, value: string): void => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (errors[field] || errors.form) setErrors(({ [field]: _, form: __, ...rest }) => rest);
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (saving) return;
    const checked = validate(draft);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setSaving(true);
    setErrors({});
    onSubmit(checked.values).then(
      () => setSaving(false),
      (err: unknown) => {
        setSaving(false);
        setErrors(errorsOf(err, failure));
      },
    );
  };

  const fieldProps = (f: Field) => ({
    id: fieldId(f),
    'aria-invalid': errors[f] ? true : undefined,
    'aria-describedby': errors[f] ? `${fieldId(f)}-error` : undefined,
  });
  const fieldError = (f: Field): ReactElement | null =>
    errors[f] ? (
      <p id={`${fieldId(f)}-error`} className="form-error" role="alert">
        {errors[f]}
      </p>
    ) : null;

  return (
    <form
      className="ent-form"
      aria-label={entity ? `Edit ${entity.name}` : 'New entity'}
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <fieldset className="ent-form-types form-field">
        <legend className="form-label">Type</legend>
        <div className="ent-type-options">
          {ENTITY_TYPE_ORDER.map((type) => (
            <label key={type} className={`ent-type-option ${entityTypeClass(type)}`}>
              <input
                type="radio"
                name={`${id}-type`}
                value={type}
                checked={draft.type === type}
                onChange={() => set('type', type)}
              />
              <span className="entity-dot" aria-hidden="true" />
              {type}
            </label>
          ))}
        </div>
        {fieldError('type')}
      </fieldset>
      <div className="form-field ent-field-name">
        <label htmlFor={fieldId('name')} className="form-label">
          Name
        </label>
        <input
          ref={nameInput}
          className="form-input"
          value={draft.name}
          autoComplete="off"
          onChange={(e) => set('name', e.currentTarget.value)}
          {...fieldProps('name')}
        />
        {fieldError('name')}
      </div>
      {draft.type === 'Event' && (
        <div className="ent-form-dates">
          <div className="form-field">
            <label htmlFor={fieldId('dateStart')} className="form-label">
              Date <span className="form-hint">YYYY-MM-DD</span>
            </label>
            <input
              className="form-input"
              value={draft.dateStart}
              placeholder="YYYY-MM-DD"
              autoComplete="off"
              onChange={(e) => set('dateStart', e.currentTarget.value)}
              {...fieldProps('dateStart')}
            />
            {fieldError('dateStart')}
          </div>
          <div className="form-field">
            <label htmlFor={fieldId('dateEnd')} className="form-label">
              Until <span className="form-hint">for a range</span>
            </label>
            <input
              className="form-input"
              value={draft.dateEnd}
              placeholder="YYYY-MM-DD"
              autoComplete="off"
              onChange={(e) => set('dateEnd', e.currentTarget.value)}
              {...fieldProps('dateEnd')}
            />
            {fieldError('dateEnd')}
          </div>
        </div>
      )}
      <div className="form-field">
        <label htmlFor={fieldId('aliases')} className="form-label">
          Aliases <span className="form-hint">one a line: other spellings, acronyms</span>
        </label>
        <textarea
          className="form-input ent-textarea"
          rows={3}
          value={draft.aliases}
          onChange={(e) => set('aliases', e.currentTarget.value)}
          {...fieldProps('aliases')}
        />
        {fieldError('aliases')}
      </div>
      <div className="form-field">
        <label htmlFor={fieldId('description')} className="form-label">
          Description
        </label>
        <textarea
          className="form-input ent-textarea"
          rows={3}
          value={draft.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          {...fieldProps('description')}
        />
        {fieldError('description')}
      </div>
      {errors.form && (
        <p className="form-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
