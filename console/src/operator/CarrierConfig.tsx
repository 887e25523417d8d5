/**
 * What the links and trunks pages share: the form that adds or edits one (a field per setting, the
 * password left empty to keep it, the service's refusals under their fields), the buttons of a row
 * (edit, disable or enable, remove), and the page state that runs those changes.
 */
import { useState } from 'preact/hooks';
import { Alert, useFormCall } from '../components.js';
import { api, errorMessage } from '../api.js';

export interface SettingField {
  key: string;
  label: string;
  type?: 'text' | 'number' | 'password';
  hint?: string;
  /** A comma-separated list in the form, an array in the request. */
  list?: boolean;
  /** A choice among these values (value, label), as a select. */
  choices?: ReadonlyArray<readonly [string, string]>;
}

/** A configured entry as the lists show it. */
export interface CarrierEntry {
  id: string;
  source: 'api' | 'file';
  state: string;
  disabled?: boolean;
}

const pathOf = (kind: string, id: string, verb = '') => `/operator/${kind}s/${encodeURIComponent(id)}${verb}`;

function initialValues(
  fields: readonly SettingField[],
  entry: Record<string, unknown> | null,
  defaults: Record<string, string>,
): Record<string, string> {
  const v: Record<string, string> = { id: '' };
  for (const f of fields) {
    const x = entry?.[f.key];
    v[f.key] = Array.isArray(x) ? x.join(', ') : x === undefined || f.type === 'password' ? '' : String(x);
  }
  return entry ? v : { ...v, ...defaults };
}

/** Adds an entry (`entry` null) or edits one; `onDone('')` when cancelled. */
export function CarrierConfigForm(props: {
  kind: 'link' | 'trunk';
  fields: readonly SettingField[];
  defaults: Record<string, string>;
  entry: (CarrierEntry & Record<string, unknown>) | null;
  onDone(message: string): void;
}) {
  const { kind, entry } = props;
  const [values, setValues] = useState(() => initialValues(props.fields, entry, props.defaults));
  const { error, fields, run } = useFormCall();
  const Noun = kind === 'link' ? 'Link' : 'Trunk';
  const prefix = `${kind}-${entry ? `edit-${entry.id}` : 'new'}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const f of props.fields) {
      const raw = (values[f.key] ?? '').trim();
      if (f.list) body[f.key] = raw === '' ? [] : raw.split(/[\s,]+/).filter(Boolean);
      else if (raw !== '') body[f.key] = f.type === 'number' ? Number(raw) : raw;
    }
    const id = entry?.id ?? values.id!.trim();
    const done = await run(async () => {
      await api(entry ? 'PATCH' : 'POST', pathOf(kind, id), body);
      return true;
    });
    if (done) props.onDone(`${Noun} ${id} ${entry ? 'saved' : 'added'}`);
  };
  const field = (f: SettingField) => {
    const id = `${prefix}-${f.key}`;
    const set = (e: Event) => setValues({ ...values, [f.key]: (e.currentTarget as HTMLInputElement).value });
    return (
      <div class="field" key={f.key}>
        <label for={id}>{f.label}</label>
        {f.choices ? (
          <select id={id} value={values[f.key]} onChange={set}>
            {f.choices.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            type={f.type ?? 'text'}
            value={values[f.key]}
            onInput={set}
            {...(f.type === 'password' && {
              autocomplete: 'new-password',
              placeholder: entry ? 'unchanged' : '',
            })}
            {...(fields[f.key] && { 'aria-invalid': true, 'aria-describedby': `${id}-error` })}
          />
        )}
        {f.hint && <small class="muted">{f.hint}</small>}
        {fields[f.key] && (
          <small id={`${id}-error`} class="error">
            {fields[f.key]}
          </small>
        )}
      </div>
    );
  };
  const title = entry ? `Edit ${kind} ${entry.id}` : `Add a ${kind}`;
  return (
    <form class="card form-grid" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      {!entry && field({ key: 'id', label: `${Noun} id` })}
      {props.fields.map(field)}
      <Alert message={error} />
      <div class="actions">
        <button type="submit">{entry ? 'Save' : `Add ${kind}`}</button>
        <button type="button" class="secondary" onClick={() => props.onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A row's buttons: edit, disable or enable (not for an entry that cannot run), remove (one added here). */
export function CarrierConfigActions(props: {
  kind: 'link' | 'trunk';
  entry: CarrierEntry;
  onEdit(): void;
  act(method: string, path: string, done: string): void;
}) {
  const { kind, entry: e } = props;
  const Noun = kind === 'link' ? 'Link' : 'Trunk';
  const toggle = e.disabled ? 'Enable' : 'Disable';
  return (
    <td class="actions">
      {e.state !== 'invalid' && (
        <>
          <button type="button" aria-label={`Edit ${e.id}`} onClick={props.onEdit}>
            Edit
          </button>
          <button
            type="button"
            aria-label={`${toggle} ${e.id}`}
            onClick={() =>
              props.act(
                'POST',
                pathOf(kind, e.id, `/${toggle.toLowerCase()}`),
                `${Noun} ${e.id} ${toggle.toLowerCase()}d`,
              )
            }
          >
            {toggle}
          </button>
        </>
      )}
      {e.source === 'api' && (
        <button
          type="button"
          class="secondary"
          aria-label={`Remove ${e.id}`}
          onClick={() => props.act('DELETE', pathOf(kind, e.id), `${Noun} ${e.id} removed`)}
        >
          Remove
        </button>
      )}
    </td>
  );
}

/** A list page's changes: the entry being edited, the last message or error, and a call that reloads. */
export function useCarrierChanges<T>(reload: () => void) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const act = async (method: string, path: string, done: string) => {
    setError('');
    setMessage('');
    try {
      await api(method, path);
      setMessage(done);
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const finished = (m: string) => {
    setEditing(null);
    setMessage(m);
    reload();
  };
  return { editing, setEditing, message, error, act, finished };
}
