/**
 * The account: its credentials (replace the application secret or the Octopush key, the new one shown
 * once), its defaults for requests (callbacks, transcode, quiet hours, STOP keywords), the prices it
 * pays per country, and its ledger with a CSV download of a date range.
 */
import { useState } from 'preact/hooks';
import { Alert, Pager, useFormCall } from '../components.js';
import {
  type AccountPrices,
  type AccountSettingsView,
  type AccountView,
  api,
  type CallbackSetting,
  type LedgerRow,
  type Page,
  errorMessage,
} from '../api.js';
import { isoShort, usePolled } from '../polling.js';

const LEDGER_SIZE = 20;

function Credentials({ account }: { account: AccountView }) {
  type Credential = 'applicationSecret' | 'octopushKey' | 'smppPassword';
  const [asked, setAsked] = useState<Credential | null>(null);
  const [shown, setShown] = useState<{ label: string; secret: string } | null>(null);
  const [error, setError] = useState('');
  const labels = {
    applicationSecret: 'application secret',
    octopushKey: 'Octopush API key',
    smppPassword: 'SMPP password',
  } as const;
  const rotate = async (credential: Credential) => {
    setError('');
    try {
      const r = await api<{ secret: string; revokedTokens: number }>('POST', '/account/credentials/rotate', {
        credential,
      });
      setShown({ label: labels[credential], secret: r.secret });
      setAsked(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <div class="card" role="region" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Credentials</h2>
      <dl class="pairs">
        <dt>Application id</dt>
        <dd>
          <code>{account.applicationId}</code>
        </dd>
        <dt>Octopush login</dt>
        <dd>
          <code>{account.octopushLogin}</code>
        </dd>
        {account.smppSystemId && (
          <>
            <dt>SMPP system_id</dt>
            <dd>
              <code>{account.smppSystemId}</code>
            </dd>
          </>
        )}
        <dt>Scopes</dt>
        <dd>{account.scopes.join(', ')}</dd>
      </dl>
      {shown && (
        <div class="note card" role="status">
          New {shown.label} (shown once, keep it now): <code data-testid="new-secret">{shown.secret}</code>
        </div>
      )}
      {asked ? (
        <div role="alertdialog" aria-label="Confirm replacement" class="note card">
          <p>
            {asked === 'applicationSecret'
              ? 'Clients using the current secret, and every access token issued with it, stop working now. Callbacks are signed with the new secret from now on.'
              : asked === 'smppPassword'
                ? 'Binds already open stay; every new bind needs the new password.'
                : 'Clients using the current Octopush key stop working now.'}
          </p>
          <div class="actions">
            <button type="button" class="danger" onClick={() => rotate(asked)}>
              Replace the {labels[asked]}
            </button>
            <button type="button" class="secondary" onClick={() => setAsked(null)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          <button type="button" onClick={() => setAsked('applicationSecret')}>
            Replace application secret…
          </button>
          <button type="button" onClick={() => setAsked('octopushKey')}>
            Replace Octopush key…
          </button>
          <button type="button" onClick={() => setAsked('smppPassword')}>
            Replace SMPP password…
          </button>
        </div>
      )}
      <Alert message={error} />
    </div>
  );
}

const list = (text: string) =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function CallbackFields(props: {
  id: string;
  legend: string;
  value: { url: string; strategy: CallbackSetting['strategy'] };
  onChange(v: { url: string; strategy: CallbackSetting['strategy'] }): void;
  error?: string | undefined;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <label for={`${props.id}-url`}>URL (empty: none)</label>
      <input
        id={`${props.id}-url`}
        type="url"
        value={props.value.url}
        onInput={(e) => props.onChange({ ...props.value, url: e.currentTarget.value })}
        {...(props.error && { 'aria-invalid': true })}
      />
      {props.error && <small class="error">{props.error}</small>}
      <label for={`${props.id}-strategy`}>When</label>
      <select
        id={`${props.id}-strategy`}
        value={props.value.strategy}
        onChange={(e) =>
          props.onChange({ ...props.value, strategy: e.currentTarget.value as CallbackSetting['strategy'] })
        }
      >
        <option value="OnChange">On every change</option>
        <option value="OnCompletion">On completion</option>
      </select>
    </fieldset>
  );
}

function Settings({ account, onSaved }: { account: AccountView; onSaved(): void }) {
  const s = account.settings;
  const cb = (c: CallbackSetting | null) => ({ url: c?.url ?? '', strategy: c?.strategy ?? 'OnChange' });
  const [callback, setCallback] = useState(cb(s.callback));
  const [campaignCallback, setCampaignCallback] = useState(cb(s.campaignCallback));
  const [transcode, setTranscode] = useState(s.transcode === null ? '' : String(s.transcode));
  const [quietHours, setQuietHours] = useState((s.quietHours ?? []).join(', '));
  const [stopKeywords, setStopKeywords] = useState((s.stopKeywords ?? []).join(', '));
  const { error, fields, run } = useFormCall();
  const [saved, setSaved] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved('');
    const patch: Partial<Record<keyof AccountSettingsView, unknown>> = {
      callback: callback.url.trim() ? { url: callback.url.trim(), strategy: callback.strategy } : null,
      campaignCallback: campaignCallback.url.trim()
        ? { url: campaignCallback.url.trim(), strategy: campaignCallback.strategy }
        : null,
      transcode: transcode === '' ? null : transcode === 'true',
      quietHours: list(quietHours).length ? list(quietHours) : null,
      stopKeywords: list(stopKeywords).length ? list(stopKeywords) : null,
    };
    const done = await run(async () => {
      await api('PATCH', '/account/settings', patch);
      return true;
    });
    if (!done) return;
    setSaved('Settings saved');
    onSaved();
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="settings-title">
      <h2 id="settings-title">Defaults for requests</h2>
      <p class="muted">
        Used when a request does not say: its callbacks, transcoding, quiet hours and opt-out words.
      </p>
      <CallbackFields
        id="callback"
        legend="Message callback"
        value={callback}
        onChange={setCallback}
        error={fields['callback.url']}
      />
      <CallbackFields
        id="campaign-callback"
        legend="Campaign callback"
        value={campaignCallback}
        onChange={setCampaignCallback}
        error={fields['campaignCallback.url']}
      />
      <label for="transcode">Transcode to GSM when possible</label>
      <select id="transcode" value={transcode} onChange={(e) => setTranscode(e.currentTarget.value)}>
        <option value="">Server default ({account.defaults.transcode ? 'yes' : 'no'})</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
      <label for="quiet-hours">Quiet hours (recipients' local time)</label>
      <input
        id="quiet-hours"
        placeholder={`default: ${account.defaults.quietHours.join(', ')}`}
        value={quietHours}
        onInput={(e) => setQuietHours(e.currentTarget.value)}
        {...(fields.quietHours && { 'aria-invalid': true })}
      />
      <small class={fields.quietHours ? 'error' : 'muted'}>
        {fields.quietHours ?? 'HH:MM-HH:MM windows, comma separated; empty: the defaults'}
      </small>
      <label for="stop-keywords">Opt-out words</label>
      <input
        id="stop-keywords"
        placeholder={`default: ${account.defaults.stopKeywords.join(', ')}`}
        value={stopKeywords}
        onInput={(e) => setStopKeywords(e.currentTarget.value)}
        {...(fields.stopKeywords && { 'aria-invalid': true })}
      />
      <small class={fields.stopKeywords ? 'error' : 'muted'}>
        {fields.stopKeywords ?? 'a reply holding one of these words opts the number out; comma separated'}
      </small>
      <Alert message={error} />
      {saved && <p role="status">{saved}</p>}
      <div class="actions">
        <button type="submit" class="primary">
          Save defaults
        </button>
      </div>
    </form>
  );
}

function Prices({ onSignedOut }: { onSignedOut(): void }) {
  const { data, error } = usePolled<AccountPrices>('/account/prices', onSignedOut, null);
  const [country, setCountry] = useState('');
  const wanted = country.trim().toUpperCase();
  const sms = data?.services.find((s) => s.service === 'sms')?.prices ?? [];
  const voice = new Map(
    (data?.services.find((s) => s.service === 'voice')?.prices ?? []).map((p) => [p.country, p.price]),
  );
  const rows = sms.filter((p) => !wanted || p.country.startsWith(wanted));
  return (
    <div class="card" role="region" aria-labelledby="prices-title">
      <h2 id="prices-title">Prices{data && ` (${data.currency})`}</h2>
      <Alert message={error} />
      <label for="price-country">Country</label>{' '}
      <input
        id="price-country"
        maxLength={2}
        size={4}
        value={country}
        onInput={(e) => setCountry(e.currentTarget.value)}
      />
      <div class="table-wrap prices-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col">SMS, per part</th>
              <th scope="col">Voice, per minute</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 300).map((p) => (
              <tr key={p.country} data-testid={`account-price-${p.country}`}>
                <td>{p.country}</td>
                <td>{p.price}</td>
                <td>{voice.get(p.country) ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Ledger({ account, onSignedOut }: { account: AccountView; onSignedOut(): void }) {
  const [page, setPage] = useState(0);
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const [from, setFrom] = useState(monthAgo);
  const [to, setTo] = useState(today);
  const { data, error } = usePolled<Page<LedgerRow>>(
    `/account/ledger?page=${page}&size=${LEDGER_SIZE}`,
    onSignedOut,
  );
  const csvHref = `/console/api/account/ledger.csv?from=${encodeURIComponent(`${from}T00:00:00.000Z`)}&to=${encodeURIComponent(`${to}T23:59:59.999Z`)}`;
  return (
    <div class="card" role="region" aria-labelledby="ledger-title">
      <h2 id="ledger-title">Ledger</h2>
      <p class="big" data-testid="balance">
        {account.balance} {account.currency}
      </p>
      <div class="filters">
        <label>
          From
          <input type="date" value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <a class="button" href={csvHref} download>
          Download CSV
        </a>
      </div>
      <Alert message={error} />
      {!data ? (
        <p class="loading">Loading…</p>
      ) : data.total === 0 ? (
        <p>No movement yet.</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="ledger">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Balance after</th>
                  <th scope="col">For</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((e) => (
                  <tr key={e.id}>
                    <td>{isoShort(e.createdAt)}</td>
                    <td>{e.kind}</td>
                    <td class={e.amount < 0 ? 'error' : ''}>{e.amount}</td>
                    <td>{e.balanceAfter}</td>
                    <td class="clip">{e.description ?? e.reference ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Ledger pages"
            page={page}
            onPage={setPage}
            hasNext={(page + 1) * LEDGER_SIZE < data.total}
            pages={Math.ceil(data.total / LEDGER_SIZE)}
          />
        </>
      )}
    </div>
  );
}

export function Account({ onSignedOut }: { onSignedOut(): void }) {
  const { data, error, reload } = usePolled<AccountView>('/account', onSignedOut, null);
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Account{data && `: ${data.name}`}</h1>
      <Alert message={error} />
      {!data ? (
        <p class="loading">Loading…</p>
      ) : (
        <div class="account-grid">
          <Credentials account={data} />
          <Settings account={data} onSaved={reload} />
          <Ledger account={data} onSignedOut={onSignedOut} />
          <Prices onSignedOut={onSignedOut} />
        </div>
      )}
    </section>
  );
}
