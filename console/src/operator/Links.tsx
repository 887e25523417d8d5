/**
 * Links and trunks: each SMPP link with its state, window use, throughput (parts accepted per second
 * between two refreshes) and errors; add a link, edit one (the password stays unless retyped), turn
 * one off and on, remove one added here. Voice trunks below (Trunks.tsx).
 */
import { useRef } from 'preact/hooks';
import { Alert } from '../components.js';
import type { OperatorLink } from '../api.js';
import { usePolled } from '../polling.js';
import {
  CarrierConfigActions,
  CarrierConfigForm,
  type SettingField,
  useCarrierChanges,
} from './CarrierConfig.js';
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

const LINK_FIELDS: SettingField[] = [
  { key: 'host', label: 'Host' },
  { key: 'port', label: 'Port', type: 'number' },
  { key: 'systemId', label: 'System id' },
  { key: 'password', label: 'Password', type: 'password' },
  { key: 'systemType', label: 'System type' },
  { key: 'window', label: 'Window', type: 'number', hint: 'parts awaiting an answer, at most' },
  { key: 'tps', label: 'Parts per second', type: 'number', hint: '0: no limit' },
  { key: 'priority', label: 'Priority', type: 'number', hint: 'lower is tried first' },
  { key: 'countries', label: 'Countries', list: true, hint: 'ISO codes, comma separated; empty: any' },
  { key: 'prefixes', label: 'Prefixes', list: true, hint: 'number prefixes, comma separated; empty: any' },
  {
    key: 'bindMode',
    label: 'Bind',
    choices: [
      ['transceiver', 'One transceiver'],
      ['pair', 'Transmitter and receiver'],
    ],
  },
  {
    key: 'concatenation',
    label: 'Long messages',
    choices: [
      ['udh', 'UDH'],
      ['sar', 'SAR TLVs'],
    ],
  },
];

const LINK_DEFAULTS = {
  port: '2775',
  window: '50',
  tps: '0',
  priority: '100',
  bindMode: 'transceiver',
  concatenation: 'udh',
};

function stateClass(state: string): string {
  if (state === 'bound') return 'badge-Delivered';
  if (state === 'disabled' || state === 'invalid') return 'badge-failed';
  return 'badge-retrying';
}

export function OperatorLinks({ onSignedOut }: { onSignedOut(): void }) {
  const links = usePolled<{ items: OperatorLink[]; at: string }>('/operator/links', onSignedOut);
  const rates = useRates(links.data);
  const { editing, setEditing, message, error, act, finished } = useCarrierChanges<OperatorLink>(
    links.reload,
  );
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
        <CarrierConfigForm
          key={editing === 'new' ? 'new' : editing.id}
          kind="link"
          fields={LINK_FIELDS}
          defaults={LINK_DEFAULTS}
          entry={editing === 'new' ? null : (editing as OperatorLink & Record<string, unknown>)}
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
                    <CarrierConfigActions kind="link" entry={l} onEdit={() => setEditing(l)} act={act} />
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
