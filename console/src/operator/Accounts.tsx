/**
 * Accounts: find one by name or application id, see its balance and state, top it up, disable or
 * enable it, give it numbers or take them back; create one and see its credentials once.
 */
import { useState } from 'preact/hooks';
import { Alert, Pager } from '../components.js';
import { api, ApiError, type CreatedAccount, type OperatorAccount, type Page, errorMessage } from '../api.js';
import { isoShort, usePolled } from '../polling.js';

const SIZE = 20;

/** The refusal's message with its fields, since these forms show no error beside each field. */
function errorText(err: unknown): string {
  if (!(err instanceof ApiError) || Object.keys(err.fields).length === 0) return errorMessage(err);
  const fields = Object.entries(err.fields).map(([k, v]) => `${k} ${v}`);
  return `${err.message}: ${fields.join(', ')}`;
}

function CreateAccount({ onCreated }: { onCreated(a: CreatedAccount): void }) {
  const [name, setName] = useState('');
  const [balance, setBalance] = useState('0');
  const [currency, setCurrency] = useState('EUR');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const created = await api<CreatedAccount>('POST', '/operator/accounts', {
        name: name.trim(),
        balance: Number(balance || '0'),
        currency: currency.trim(),
      });
      setName('');
      onCreated(created);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="card form-grid" onSubmit={submit} aria-label="Create an account">
      <h2>Create an account</h2>
      <div class="field">
        <label for="new-account-name">Name</label>
        <input id="new-account-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="new-account-balance">Opening balance</label>
        <input
          id="new-account-balance"
          type="number"
          min="0"
          step="any"
          value={balance}
          onInput={(e) => setBalance(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="new-account-currency">Currency</label>
        <input
          id="new-account-currency"
          maxLength={3}
          value={currency}
          onInput={(e) => setCurrency(e.currentTarget.value)}
        />
      </div>
      <Alert message={error} />
      <div class="actions">
        <button type="submit">Create account</button>
      </div>
    </form>
  );
}

function TopUp({
  account,
  onDone,
}: {
  account: OperatorAccount;
  onDone(message: string, error?: boolean): void;
}) {
  const [amount, setAmount] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const after = await api<OperatorAccount>('POST', `/operator/accounts/${account.id}/topup`, {
        amount: Number(amount),
      });
      setAmount('');
      onDone(`${account.name}: balance now ${after.balance} ${after.currency}`);
    } catch (err) {
      onDone(errorText(err), true);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <label for={`topup-${account.id}`} class="visually-hidden">
        Top-up amount for {account.name}
      </label>
      <input
        id={`topup-${account.id}`}
        type="number"
        min="0"
        step="any"
        required
        placeholder="amount"
        value={amount}
        onInput={(e) => setAmount(e.currentTarget.value)}
      />
      <button type="submit">Top up</button>
    </form>
  );
}

/** The account's numbers, each with a button to take it back, and a form to give it one more. */
function Numbers({
  account,
  onDone,
}: {
  account: OperatorAccount;
  onDone(message: string, failed?: boolean): void;
}) {
  const [number, setNumber] = useState('');
  const [country, setCountry] = useState('');
  const give = async (e: Event) => {
    e.preventDefault();
    try {
      await api('POST', `/operator/accounts/${account.id}/numbers`, {
        number: number.trim(),
        ...(country.trim() && { country: country.trim() }),
      });
      setNumber('');
      setCountry('');
      onDone(`${account.name} has number ${number.trim()}`);
    } catch (err) {
      onDone(errorText(err), true);
    }
  };
  const takeBack = async (n: string) => {
    try {
      await api('DELETE', `/operator/accounts/${account.id}/numbers/${encodeURIComponent(n)}`);
      onDone(`${n} taken back from ${account.name}`);
    } catch (err) {
      onDone(errorText(err), true);
    }
  };
  return (
    <>
      {account.numbers.map((n) => (
        <div key={n} class="number">
          <code>{n}</code>{' '}
          <button type="button" class="secondary" aria-label={`Take ${n} back`} onClick={() => takeBack(n)}>
            ×
          </button>
        </div>
      ))}
      <form class="inline-form" onSubmit={give}>
        <label for={`number-${account.id}`} class="visually-hidden">
          New number for {account.name}
        </label>
        <input
          id={`number-${account.id}`}
          required
          placeholder="+306912345678"
          value={number}
          onInput={(e) => setNumber(e.currentTarget.value)}
        />
        <label for={`number-country-${account.id}`} class="visually-hidden">
          Short code country for {account.name}
        </label>
        <input
          id={`number-country-${account.id}`}
          class="country"
          placeholder="FR"
          maxLength={2}
          value={country}
          onInput={(e) => setCountry(e.currentTarget.value)}
        />
        <button type="submit">Give number</button>
      </form>
    </>
  );
}

export function OperatorAccounts({ onSignedOut }: { onSignedOut(): void }) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const [created, setCreated] = useState<CreatedAccount | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const query = `/operator/accounts?page=${page}&size=${SIZE}${search.trim() ? `&search=${encodeURIComponent(search.trim())}` : ''}`;
  const { data, error: loadError, reload } = usePolled<Page<OperatorAccount>>(query, onSignedOut);
  const done = (m: string, failed = false) => {
    setMessage(failed ? '' : m);
    setError(failed ? m : '');
    reload();
  };
  const setState = async (a: OperatorAccount, verb: 'disable' | 'enable') => {
    try {
      await api('POST', `/operator/accounts/${a.id}/${verb}`);
      done(`${a.name} ${verb}d`);
    } catch (err) {
      done(errorText(err), true);
    }
  };
  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">Accounts</h1>
      <CreateAccount
        onCreated={(a) => {
          setCreated(a);
          done(`Account ${a.name} created`);
        }}
      />
      {created && (
        <div class="card credentials" role="region" aria-label="New credentials">
          <h2>Credentials of {created.name} (shown once)</h2>
          <dl>
            <dt>Application id</dt>
            <dd>
              <code>{created.credentials.clientId}</code>
            </dd>
            <dt>Application secret</dt>
            <dd>
              <code>{created.credentials.clientSecret}</code>
            </dd>
            <dt>Octopush login</dt>
            <dd>
              <code>{created.credentials.apiLogin}</code>
            </dd>
            <dt>Octopush API key</dt>
            <dd>
              <code>{created.credentials.apiKey}</code>
            </dd>
            <dt>SMPP system_id</dt>
            <dd>
              <code>{created.smpp.systemId}</code>
            </dd>
            <dt>SMPP password</dt>
            <dd>
              <code>{created.smpp.password}</code>
            </dd>
          </dl>
          <button type="button" class="secondary" onClick={() => setCreated(null)}>
            I have kept them
          </button>
        </div>
      )}
      <Alert message={loadError || error} />
      {message && <p role="status">{message}</p>}
      <div class="field">
        <label for="account-search">Find an account</label>
        <input
          id="account-search"
          type="search"
          placeholder="name or application id"
          value={search}
          onInput={(e) => {
            setSearch(e.currentTarget.value);
            setPage(0);
          }}
        />
      </div>
      {!data ? (
        <p class="loading">Loading…</p>
      ) : data.total === 0 ? (
        <p>No account.</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="accounts">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Application id</th>
                  <th scope="col">Balance</th>
                  <th scope="col">State</th>
                  <th scope="col">Numbers</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.id} data-testid={`account-${a.name}`}>
                    <th scope="row">{a.name}</th>
                    <td>
                      <code>{a.applicationId}</code>
                    </td>
                    <td class="balance">
                      {a.balance} {a.currency}
                    </td>
                    <td>
                      <span class={`badge ${a.state === 'active' ? 'badge-Delivered' : 'badge-failed'}`}>
                        {a.state}
                      </span>
                    </td>
                    <td class="numbers">
                      <Numbers account={a} onDone={done} />
                    </td>
                    <td>{isoShort(a.createdAt)}</td>
                    <td class="actions">
                      <TopUp account={a} onDone={done} />
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => setState(a, a.state === 'active' ? 'disable' : 'enable')}
                      >
                        {a.state === 'active' ? 'Disable' : 'Enable'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Accounts pages"
            page={page}
            onPage={setPage}
            hasNext={(page + 1) * SIZE < data.total}
            pages={Math.ceil(data.total / SIZE)}
            previous="Previous"
            next="Next"
          />
        </>
      )}
    </section>
  );
}
