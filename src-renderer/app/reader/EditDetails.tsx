import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { SourceDetail } from '../../../src-main/core/sources/types';
import { ApiError, api } from '../../api/client';
import { errorMessage } from '../errors';

type Field = 'title' | 'byline' | 'publishedAt' | 'url';
type Values = Record<Field, string>;
type Errors = Partial<Record<Field | 'form', string>>;

const FIELDS: { field: Field; label: string; hint?: string; placeholder?: string }[] = [
  { field: 'title', label: 'Title' },
  { field: 'byline', label: 'Byline', placeholder: 'Author or outlet' },
  { field: 'publishedAt', label: 'Published', hint: 'YYYY-MM-DD', placeholder: 'YYYY-MM-DD' },
  { field: 'url', label: 'URL', placeholder: 'https://…' },
];

const sentence = (s: string): string => {
  const t = s.trim().replace(/\.$/, '');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
};

/**
 * The core's refusal of one field ("Invalid input for sources.update at
 * publishedAt: no such date.") as an error shown under that field; anything
 * else is shown for the form.
 */
export function errorsOf(err: unknown): Errors {
  if (err instanceof ApiError && err.code === 'invalid_input') {
    const m = /\bat (title|byline|publishedAt|url): (.+)$/.exec(err.message);
    if (m) return { [m[1] as Field]: sentence(m[2]!) };
  }
  return { form: `The details were not saved: ${errorMessage(err)}` };
}

export interface EditDetailsProps {
  source: SourceDetail;
  onSaved(source: SourceDetail): void;
  onCancel(): void;
}

/** The analyst's corrections to title, byline, date and URL; the core validates them. Escape cancels. */
export function EditDetails({ source, onSaved, onCancel }: EditDetailsProps): ReactElement {
  const initial: Values = {
    title: source.title,
    byline: source.byline ?? '',
    publishedAt: source.publishedAt?.slice(0, 10) ?? '',
    url: source.url ?? '',
  };
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    first.current?.focus();
    first.current?.select();
  }, []);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (saving) return;
    const changed = (Object.keys(values) as Field[]).filter((f) => values[f].trim() !== initial[f].trim());
    if (changed.length === 0) {
      onCancel();
      return;
    }
    const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());
    const edit: Parameters<(typeof api)['sources.update']>[0] = { sourceId: source.sourceId };
    if (changed.includes('title')) edit.title = values.title.trim();
    if (changed.includes('byline')) edit.byline = orNull(values.byline);
    if (changed.includes('publishedAt')) edit.publishedAt = orNull(values.publishedAt);
    if (changed.includes('url')) edit.url = orNull(values.url);
    setSaving(true);
    setErrors({});
    api['sources.update'](edit).then(
      (updated) => onSaved(updated),
      (err: unknown) => {
        setSaving(false);
        setErrors(errorsOf(err));
      },
    );
  };

  const firstInvalid = (Object.keys(errors) as (Field | 'form')[]).find((f) => f !== 'form');
  useEffect(() => {
    if (firstInvalid) document.getElementById(`${id}-${firstInvalid}`)?.focus();
  }, [firstInvalid, id]);

  return (
    <form
      className="details-form"
      aria-label="Edit details"
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      {FIELDS.map(({ field, label, hint, placeholder }) => {
        const error = errors[field];
        const inputId = `${id}-${field}`;
        return (
          <div key={field} className={`form-field field-${field}`}>
            <label htmlFor={inputId} className="form-label">
              {label}
              {hint && <span className="form-hint"> {hint}</span>}
            </label>
            <input
              id={inputId}
              ref={field === 'title' ? first : undefined}
              className="form-input"
              name={field}
              value={values[field]}
              placeholder={placeholder}
              spellCheck={field === 'title' || field === 'byline'}
              inputMode={field === 'url' ? 'url' : undefined}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${inputId}-error` : undefined}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setValues((v) => ({ ...v, [field]: value }));
                if (errors[field]) setErrors(({ [field]: _, ...rest }) => rest);
              }}
            />
            {error && (
              <p id={`${inputId}-error`} className="form-error" role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
      {errors.form && (
        <p className="form-error form-error-general" role="alert">
          {errors.form}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="form-note">The text itself never changes.</span>
      </div>
    </form>
  );
}
