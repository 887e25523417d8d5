/**
 * Links and trunks: each SMPP link with its state, window use, throughput (parts accepted per second
 * between two refreshes) and errors; add a link, edit one (the password stays unless retyped), turn
 * one off and on, remove one added here. Voice trunks below (Trunks.tsx).
 */
import { useRef, useState } from 'preact/hooks';
import { Alert } from '../components.js';
import { api, ApiError, type OperatorLink } from '../api.js';
import { usePolled } from '../polling.js';
import { OperatorTrunks } from './Trunks.js';

type Rates = Record<string, number>;

/** Parts accepted per second per link since the previous answer (a link's counters only grow). */
function useRates(data: { items: OperatorLink[]; at: string } | null): Rates {
  const last = useRef<{ at: number; accepted: Record<string, number>; rates: Rates } | null>(null);
  if (!data) return {};
  const at = Date.parse(data.at);
  const accepted = Object.fromEntries(data.items.map((l) => [l.id, l.counters?.accepted ?? 0]));
  const prev = last.current;
  if (prev && prev.at === at) return prev.rates;
  const rates: Rates = {};
  for (const [id, n] of Object.entries(accepted)) {
    const before = prev?.accepted[id];
    rates[id] =
      prev && before !== undefined && at > prev.at ? Math.max(0, (n - before) / ((at - prev.at) / 1000)) : 0;
  }
  last.current = { at, accepted, rates };
  return rates;
}

const FIELDS: Array<{ key: string; label: string; type?: string; hint?: string }> = [
  { key: 'host', label: 'Host' },
  { key: 'port', label: 'Port', type: 'number' },
  { key: 'systemId', label: 'System id' },
  { key: 'password', label: 'Password', type: 'password' },
  { key: 'systemType', label: 'System type' },
  { key: 'window', label: 'Window', type: 'number', hint: 'parts awaiting an answer, at most' },
  { key: 'tps', label: 'Parts per second', type: 'number', hint: '0: no limit' },
  { key: 'priority', label: 'Priority', type: 'number', hint: 'lower is tried first' },
  { key: 'countries', label: 'Countries', hint: 'ISO codes, comma separated; empty: any' },
  { key: 'prefixes', label: 'Prefixes', hint: 'number prefixes, comma separated; empty: any' },
];

const LISTS = new Set(['countries', 'prefixes']);

function formValues(link: OperatorLink | null): Record<string, string> {
  const v: Record<string, string> = {
    id: link?.id ?? '',
    bindMode: link?.bindMode ?? 'transceiver',
    concatenation: link?.concatenation ?? 'udh',
  };
  for (const f of FIELDS) {
    const x = link ? (link as unknown as Record<string, unknown>)[f.key] : undefined;
    v[f.key] = Array.isArray(x) ? x.join(', ') : x === undefined || f.key === 'password' ? '' : String(x);
  }
  if (!link) Object.assign(v, { window: '50', tps: '0', priority: '100', port: '2775' });
  return v;
}

function LinkForm({ link, onDone }: { link: OperatorLink | null; onDone(message: string): void }) {
  const [values, setValues] = useState(() => formValues(link));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const set = (key: string) => (e: Event) =>
    setValues({ ...values, [key]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    setFields({});
    const body: Record<string, unknown> = { bindMode: values.bindMode, concatenation: values.concatenation };
    for (const f of FIELDS) {
      const raw = (values[f.key] ?? '').trim();
      if (LISTS.has(f.key)) body[f.key] = raw === '' ? [] : raw.split(/[\s,]+/).filter(Boolean);
      else if (raw !== '') body[f.key] = f.type === 'number' ? Number(raw) : raw;
    }
    const id = link?.id ?? values.id!.trim();
    try {
      await api(link ? 'PATCH' : 'POST', `/operator/links/${encodeURIComponent(id)}`, body);
      onDone(link ? `Link ${id} saved` : `Link ${id} added`);
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        setError(err.message);
      } else setError('Herald could not be reached');
    }
  };
  const prefix = link ? `edit-${link.id}` : 'new';
  const input = (key: string, label: string, type = 'text', hint?: string) => (
    <div class="field" key={key}>
      <label for={`${prefix}-${key}`}>{label}</label>
      <input
        id={`${prefix}-${key}`}
        type={type}
        value={values[key]}
        onInput={set(key)}
        {...(key === 'password' && { autocomplete: 'new-password', placeholder: link ? 'unchanged' : '' })}
        {...(fields[key] && { 'aria-invalid': true, 'aria-describedby': `${prefix}-${key}-error` })}
      />
      {hint && <small class="muted">{hint}</small>}
      {fields[key] && (
        <small id={`${prefix}-${key}-error`} class="error">
          {fields[key]}
        </small>
      )}
    </div>
  );
  return (
    <form class="card form-grid" onSubmit={submit} aria-label={link ? `Edit link ${link.id}` : 'Add a link'}>
      <h2>{link ? `Edit link ${link.id}` : 'Add a link'}</h2>
      {!link && input('id', 'Link id')}
      {FIELDS.map((f) => input(f.key, f.label, f.type, f.hint))}
      <div class="field">
        <label for={`${prefix}-bindMode`}>Bind</label>
        <select id={`${prefix}-bindMode`} value={values.bindMode} onChange={set('bindMode')}>
          <option value="transceiver">One transceiver</option>
          <option value="pair">Transmitter and receiver</option>
        </select>
      </div>
      <div class="field">
        <label for={`${prefix}-concatenation`}>Long messages</label>
        <select id={`${prefix}-concatenation`} value={values.concatenation} onChange={set('concatenation')}>
          <option value="udh">UDH</option>
          <option value="sar">SAR TLVs</option>
        </select>
      </div>
      <Alert message={error} />
      <div class="actions">
        <button type="submit">{link ? 'Save' : 'Add link'}</button>
        <button type="button" class="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function stateClass(state: string): string {
  if (state === 'bound') return 'badge-Delivered';
  if (state === 'disabled' || state === 'invalid') return 'badge-failed';
  return 'badge-retrying';
}

export function OperatorLinks({ onSignedOut }: { onSignedOut(): void }) {
  const links = usePolled<{ items: OperatorLink[]; at: string }>('/operator/links', onSignedOut);
  const rates = useRates(links.data);
  const [editing, setEditing] = useState<OperatorLink | 'new' | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const act = async (method: string, path: string, done: string) => {
    setError('');
    setMessage('');
    try {
      await api(method, path);
      setMessage(done);
      links.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Herald could not be reached');
    }
  };
  const finished = (m: string) => {
    setEditing(null);
    setMessage(m);
    links.reload();
  };
  return (
    <section aria-labelledby="links-title">
      <h1 id="links-title">Links and trunks</h1>
      <Alert message={links.error || error} />
      {message && <p role="status">{message}</p>}
      {editing === null && (
        <button type="button" class="button primary" onClick={() => setEditing('new')}>
          Add a link
        </button>
      )}
      {editing !== null && (
        <LinkForm
          key={editing === 'new' ? 'new' : editing.id}
          link={editing === 'new' ? null : editing}
          onDone={finished}
        />
      )}
      <h2>SMPP links</h2>
      {!links.data ? (
        <p class="loading">Loading…</p>
      ) : links.data.items.length === 0 ? (
        <p>No link configured.</p>
      ) : (
        <div class="table-wrap">
          <table class="links">
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col">State</th>
                <th scope="col">Operator</th>
                <th scope="col">Window use</th>
                <th scope="col">Parts/s</th>
                <th scope="col">Accepted</th>
                <th scope="col">Errors</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {links.data.items.map((l) => {
                const c = l.counters ?? {};
                return (
                  <tr key={l.id} data-testid={`link-${l.id}`}>
                    <th scope="row">
                      {l.id}
                      <div class="muted">{l.source === 'file' ? 'configuration file' : 'added here'}</div>
                    </th>
                    <td>
                      <span class={`badge ${stateClass(l.state)}`}>{l.state}</span>
                    </td>
                    <td>
                      {l.host
                        ? `${l.systemId}@${l.host}:${l.port}`
                        : Object.values(l.problems ?? {}).join('; ')}
                    </td>
                    <td>
                      <meter min={0} max={l.window} value={l.inFlight} aria-label={`Window use of ${l.id}`} />{' '}
                      {l.inFlight}/{l.window}
                    </td>
                    <td>{(rates[l.id] ?? 0).toFixed(1)}</td>
                    <td title="since the link was last started">{c.accepted ?? 0}</td>
                    <td title="refused, timed out, throttled">
                      {(c.rejected ?? 0) + (c.timeouts ?? 0)}
                      {(c.throttled ?? 0) > 0 && <span class="muted"> · {c.throttled} throttled</span>}
                    </td>
                    <td class="actions">
                      {l.state !== 'invalid' && (
                        <button type="button" onClick={() => setEditing(l)} aria-label={`Edit ${l.id}`}>
                          Edit
                        </button>
                      )}
                      {l.state !== 'invalid' &&
                        (l.disabled ? (
                          <button
                            type="button"
                            onClick={() =>
                              act(
                                'POST',
                                `/operator/links/${encodeURIComponent(l.id)}/enable`,
                                `Link ${l.id} enabled`,
                              )
                            }
                            aria-label={`Enable ${l.id}`}
                          >
                            Enable
                          </button>
                        ) : (
                          <button
                            type="button"
                            onClick={() =>
                              act(
                                'POST',
                                `/operator/links/${encodeURIComponent(l.id)}/disable`,
                                `Link ${l.id} disabled`,
                              )
                            }
                            aria-label={`Disable ${l.id}`}
                          >
                            Disable
                          </button>
                        ))}
                      {l.source === 'api' && (
                        <button
                          type="button"
                          class="secondary"
                          onClick={() =>
                            act(
                              'DELETE',
                              `/operator/links/${encodeURIComponent(l.id)}`,
                              `Link ${l.id} removed`,
                            )
                          }
                          aria-label={`Remove ${l.id}`}
                        >
                          Remove
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <OperatorTrunks onSignedOut={onSignedOut} />
    </section>
  );
}
