/**
 * SIP trunks: each with its state and calls now; add one, edit one (the password stays unless
 * retyped), turn one off (its calls in progress end first) and on, remove one added here.
 */
import { Alert } from '../components.js';
import type { OperatorTrunk } from '../api.js';
import { usePolled } from '../polling.js';
import {
  CarrierConfigActions,
  CarrierConfigForm,
  type SettingField,
  useCarrierChanges,
} from './CarrierConfig.js';

const TRUNK_FIELDS: SettingField[] = [
  { key: 'host', label: 'Host' },
  { key: 'port', label: 'Port', type: 'number' },
  { key: 'username', label: 'User name' },
  { key: 'password', label: 'Password', type: 'password' },
  { key: 'domain', label: 'Domain', hint: 'in the From and request URIs; the host when empty' },
  { key: 'maxCalls', label: 'Calls at once', type: 'number' },
];

const TRUNK_DEFAULTS = { port: '5060', maxCalls: '10' };

export function OperatorTrunks({ onSignedOut }: { onSignedOut(): void }) {
  const trunks = usePolled<{ items: OperatorTrunk[] }>('/operator/trunks', onSignedOut);
  const { editing, setEditing, message, error, act, finished } = useCarrierChanges<OperatorTrunk>(
    trunks.reload,
  );
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
        <CarrierConfigForm
          key={editing === 'new' ? 'new' : editing.id}
          kind="trunk"
          fields={TRUNK_FIELDS}
          defaults={TRUNK_DEFAULTS}
          entry={editing === 'new' ? null : (editing as OperatorTrunk & Record<string, unknown>)}
          onDone={finished}
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
                  <CarrierConfigActions kind="trunk" entry={t} onEdit={() => setEditing(t)} act={act} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
