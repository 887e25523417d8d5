/**
 * SIP trunks: each with its state and calls now; add one, edit one (the password stays unless
 * retyped), turn one off (its calls in progress end first) and on, remove one added here.
 */
import { useState } from 'preact/hooks';
import { Alert } from '../components.js';
import { api, ApiError, type OperatorTrunk } from '../api.js';
import { usePolled } from '../polling.js';

const FIELDS: Array<{ key: string; label: string; type?: string; hint?: string }> = [
  { key: 'host', label: 'Host' },
  { key: 'port', label: 'Port', type: 'number' },
  { key: 'username', label: 'User name' },
  { key: 'password', label: 'Password', type: 'password' },
  { key: 'domain', label: 'Domain', hint: 'in the From and request URIs; the host when empty' },
  { key: 'maxCalls', label: 'Calls at once', type: 'number' },
];

function TrunkForm({ trunk, onDone }: { trunk: OperatorTrunk | null; onDone(message: string): void }) {
  const [values, setValues] = useState<Record<string, string>>(() => {
    const v: Record<string, string> = { id: trunk?.id ?? '' };
    for (const f of FIELDS) {
      const x = trunk ? (trunk as unknown as Record<string, unknown>)[f.key] : undefined;
      v[f.key] = x === undefined || f.key === 'password' ? '' : String(x);
    }
    if (!trunk) Object.assign(v, { port: '5060', maxCalls: '10' });
    return v;
  });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const prefix = trunk ? `trunk-${trunk.id}` : 'trunk-new';
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    setFields({});
    const body: Record<string, unknown> = {};
    for (const f of FIELDS) {
      const raw = (values[f.key] ?? '').trim();
      if (raw !== '') body[f.key] = f.type === 'number' ? Number(raw) : raw;
    }
    const id = trunk?.id ?? values.id!.trim();
    try {
      await api(trunk ? 'PATCH' : 'POST', `/operator/trunks/${encodeURIComponent(id)}`, body);
      onDone(trunk ? `Trunk ${id} saved` : `Trunk ${id} added`);
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        setError(err.message);
      } else setError('Herald could not be reached');
    }
  };
  const input = (key: string, label: string, type = 'text', hint?: string) => (
    <div class="field" key={key}>
      <label for={`${prefix}-${key}`}>{label}</label>
      <input
        id={`${prefix}-${key}`}
        type={type}
        value={values[key]}
        onInput={(e) => setValues({ ...values, [key]: e.currentTarget.value })}
        {...(key === 'password' && { autocomplete: 'new-password', placeholder: trunk ? 'unchanged' : '' })}
        {...(fields[key] && { 'aria-invalid': true })}
      />
      {hint && <small class="muted">{hint}</small>}
      {fields[key] && <small class="error">{fields[key]}</small>}
    </div>
  );
  return (
    <form
      class="card form-grid"
      onSubmit={submit}
      aria-label={trunk ? `Edit trunk ${trunk.id}` : 'Add a trunk'}
    >
      <h2>{trunk ? `Edit trunk ${trunk.id}` : 'Add a trunk'}</h2>
      {!trunk && input('id', 'Trunk id')}
      {FIELDS.map((f) => input(f.key, f.label, f.type, f.hint))}
      <Alert message={error} />
      <div class="actions">
        <button type="submit">{trunk ? 'Save' : 'Add trunk'}</button>
        <button type="button" class="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function OperatorTrunks({ onSignedOut }: { onSignedOut(): void }) {
  const trunks = usePolled<{ items: OperatorTrunk[] }>('/operator/trunks', onSignedOut);
  const [editing, setEditing] = useState<OperatorTrunk | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const act = async (method: string, path: string, done: string) => {
    setError('');
    setMessage('');
    try {
      await api(method, path);
      setMessage(done);
      trunks.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Herald could not be reached');
    }
  };
  const path = (t: OperatorTrunk, verb = '') => `/operator/trunks/${encodeURIComponent(t.id)}${verb}`;
  return (
    <>
      <h2>Voice trunks</h2>
      <Alert message={trunks.error || error} />
      {message && <p role="status">{message}</p>}
      {editing === null ? (
        <button type="button" class="button primary" onClick={() => setEditing('new')}>
          Add a trunk
        </button>
      ) : (
        <TrunkForm
          key={editing === 'new' ? 'new' : editing.id}
          trunk={editing === 'new' ? null : editing}
          onDone={(m) => {
            setEditing(null);
            setMessage(m);
            trunks.reload();
          }}
        />
      )}
      {!trunks.data ? (
        <p class="loading">Loading…</p>
      ) : trunks.data.items.length === 0 ? (
        <p>No voice trunk configured.</p>
      ) : (
        <div class="table-wrap">
          <table class="trunks">
            <thead>
              <tr>
                <th scope="col">Trunk</th>
                <th scope="col">State</th>
                <th scope="col">Address</th>
                <th scope="col">Calls now</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {trunks.data.items.map((t) => (
                <tr key={t.id} data-testid={`trunk-${t.id}`}>
                  <th scope="row">
                    {t.id}
                    <div class="muted">{t.source === 'file' ? 'configuration file' : 'added here'}</div>
                  </th>
                  <td>
                    <span
                      class={`badge ${t.state === 'active' ? 'badge-Delivered' : t.state === 'elsewhere' ? 'badge-retrying' : 'badge-failed'}`}
                    >
                      {t.state}
                    </span>
                  </td>
                  <td>
                    {t.host
                      ? `${t.username ? `${t.username}@` : ''}${t.host}:${t.port}`
                      : Object.values(t.problems ?? {}).join('; ')}
                  </td>
                  <td>
                    {t.maxCalls !== undefined && (
                      <>
                        <meter
                          min={0}
                          max={t.maxCalls}
                          value={t.activeCalls ?? 0}
                          aria-label={`Calls on ${t.id}`}
                        />{' '}
                        {t.activeCalls ?? 0}/{t.maxCalls}
                      </>
                    )}
                  </td>
                  <td class="actions">
                    {t.state !== 'invalid' && (
                      <>
                        <button type="button" aria-label={`Edit ${t.id}`} onClick={() => setEditing(t)}>
                          Edit
                        </button>
                        <button
                          type="button"
                          aria-label={`${t.disabled ? 'Enable' : 'Disable'} ${t.id}`}
                          onClick={() =>
                            act(
                              'POST',
                              path(t, t.disabled ? '/enable' : '/disable'),
                              `Trunk ${t.id} ${t.disabled ? 'enabled' : 'disabled'}`,
                            )
                          }
                        >
                          {t.disabled ? 'Enable' : 'Disable'}
                        </button>
                      </>
                    )}
                    {t.source === 'api' && (
                      <button
                        type="button"
                        class="secondary"
                        aria-label={`Remove ${t.id}`}
                        onClick={() => act('DELETE', path(t), `Trunk ${t.id} removed`)}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
