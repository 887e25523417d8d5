/**
 * Replies: what handsets wrote to the account's numbers (newest first: a reply, a keyword answered,
 * a STOP); the account's pools (create, delete); and its numbers with their pool, where their
 * messages go and their keyword rules — which the user changes here: a number moves to another
 * pool, and a message starting with a keyword is answered with its reply.
 */
import { useState } from 'preact/hooks';
import { type AccountNumber, api, type NumberPool, type Page, type ReceivedMessage } from '../api.js';
import { Alert, Pager, useFormCall } from '../components.js';
import { isoShort, usePolled } from '../polling.js';

const SIZE = 25;
const KIND: Record<ReceivedMessage['kind'], string> = {
  reply: 'Reply',
  keyword: 'Keyword answered',
  stop: 'STOP: opted out',
  unmatched: 'Unmatched',
};

function KeywordRules({
  n,
  onSaved,
  onSignedOut,
}: {
  n: AccountNumber;
  onSaved(): void;
  onSignedOut(): void;
}) {
  const [rules, setRules] = useState(n.keywords);
  const [saved, setSaved] = useState('');
  const { busy, error, fields, run } = useFormCall(onSignedOut);
  const change = (i: number, key: 'keyword' | 'reply', value: string) =>
    setRules(rules.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved('');
    const done = await run(() =>
      api<AccountNumber>('PUT', `/numbers/${encodeURIComponent(n.number)}/keywords`, { keywords: rules }),
    );
    if (done) {
      setRules(done.keywords);
      setSaved('Keyword rules saved');
      onSaved();
    }
  };
  return (
    <form onSubmit={save} aria-label={`Keyword rules of ${n.number}`}>
      {rules.length === 0 && <p class="muted">No keyword rule: messages are only passed on.</p>}
      {rules.map((r, i) => (
        <div class="keyword-rule" key={i}>
          <label>
            Keyword
            <input
              value={r.keyword}
              required
              maxLength={30}
              onInput={(e) => change(i, 'keyword', e.currentTarget.value)}
            />
          </label>
          <label class="reply">
            Reply
            <input
              value={r.reply}
              required
              maxLength={1000}
              onInput={(e) => change(i, 'reply', e.currentTarget.value)}
            />
          </label>
          <button type="button" onClick={() => setRules(rules.filter((_, j) => j !== i))}>
            Remove
          </button>
          {(fields[`keywords[${i}].keyword`] || fields[`keywords[${i}].reply`]) && (
            <span class="error">{fields[`keywords[${i}].keyword`] ?? fields[`keywords[${i}].reply`]}</span>
          )}
        </div>
      ))}
      <button type="button" onClick={() => setRules([...rules, { keyword: '', reply: '' }])}>
        Add a keyword
      </button>{' '}
      <button type="submit" disabled={busy}>
        Save rules
      </button>
      <Alert message={error} />
      {saved && <p role="status">{saved}</p>}
    </form>
  );
}

/** The account's pools: each with its numbers' count, sender id and receiver; create and delete. */
function Pools({
  pools,
  onChanged,
  onSignedOut,
}: {
  pools: NumberPool[];
  onChanged(): void;
  onSignedOut(): void;
}) {
  const [name, setName] = useState('');
  const [sender, setSender] = useState('');
  const [inbound, setInbound] = useState('');
  const [done, setDone] = useState('');
  const { busy, error, fields, run } = useFormCall(onSignedOut);
  const create = async (e: Event) => {
    e.preventDefault();
    setDone('');
    const created = await run(() =>
      api<NumberPool>('POST', '/pools', {
        name: name.trim(),
        ...(sender.trim() && { alphanumericSenderId: sender.trim() }),
        ...(inbound.trim() && { inboundSMSCallbackUrl: inbound.trim() }),
      }),
    );
    if (created) {
      setName('');
      setSender('');
      setInbound('');
      setDone(`Pool ${created.name} created`);
      onChanged();
    }
  };
  const remove = async (p: NumberPool) => {
    setDone('');
    const deleted = await run(async () => {
      await api('DELETE', `/pools/${encodeURIComponent(p.id)}`);
      return true;
    });
    if (deleted) {
      setDone(`Pool ${p.name} deleted`);
      onChanged();
    }
  };
  return (
    <>
      {pools.length > 0 && (
        <ul class="pools">
          {pools.map((p) => (
            <li key={p.id} data-testid={`pool-${p.name}`}>
              <strong>{p.name}</strong>{' '}
              <span class="muted">
                {p.totalNumbers} number{p.totalNumbers === 1 ? '' : 's'}
                {p.alphanumericSenderId && ` · sender id ${p.alphanumericSenderId}`}
                {p.inboundSMSCallbackUrl
                  ? ` · replies to ${p.inboundSMSCallbackUrl}`
                  : ' · no reply callback'}
              </span>{' '}
              <button type="button" class="secondary" onClick={() => remove(p)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="card form-grid" onSubmit={create} aria-label="Create a pool">
        <div class="field">
          <label for="pool-name">Pool name</label>
          <input
            id="pool-name"
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          {fields.name && <span class="error">{fields.name}</span>}
        </div>
        <div class="field">
          <label for="pool-sender">Alphanumeric sender id</label>
          <input
            id="pool-sender"
            maxLength={11}
            value={sender}
            onInput={(e) => setSender(e.currentTarget.value)}
          />
          {fields['smsSettings.alphanumericSenderId'] && (
            <span class="error">{fields['smsSettings.alphanumericSenderId']}</span>
          )}
        </div>
        <div class="field">
          <label for="pool-inbound">Reply callback URL</label>
          <input
            id="pool-inbound"
            type="url"
            placeholder="https://"
            value={inbound}
            onInput={(e) => setInbound(e.currentTarget.value)}
          />
          {fields['smsSettings.inboundSMSCallbackUrl'] && (
            <span class="error">{fields['smsSettings.inboundSMSCallbackUrl']}</span>
          )}
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>
            Create pool
          </button>
        </div>
        <Alert message={error} />
        {done && <p role="status">{done}</p>}
      </form>
    </>
  );
}

/** Which pool a number is in, changed at once. */
function PoolChoice({
  n,
  pools,
  onMoved,
  onSignedOut,
}: {
  n: AccountNumber;
  pools: NumberPool[];
  onMoved(): void;
  onSignedOut(): void;
}) {
  const { error, run } = useFormCall(onSignedOut);
  const move = async (poolId: string) => {
    const moved = await run(() =>
      api<AccountNumber>('PUT', `/numbers/${encodeURIComponent(n.number)}/pool`, {
        poolId: poolId === '' ? null : poolId,
      }),
    );
    if (moved) onMoved();
  };
  return (
    <p>
      <label>
        Pool{' '}
        <select value={n.poolId ?? ''} onChange={(e) => move(e.currentTarget.value)}>
          <option value="">In no pool</option>
          {pools.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <Alert message={error} />
    </p>
  );
}

export function Replies({ onSignedOut }: { onSignedOut(): void }) {
  const [page, setPage] = useState(0);
  const inbound = usePolled<Page<ReceivedMessage>>(`/inbound?size=${SIZE}&page=${page}`, onSignedOut);
  const numbers = usePolled<AccountNumber[]>('/numbers', onSignedOut, null);
  const pools = usePolled<NumberPool[]>('/pools', onSignedOut, null);
  const changed = () => {
    numbers.reload();
    pools.reload();
  };
  return (
    <section aria-labelledby="replies-title">
      <h1 id="replies-title">Replies</h1>
      <h2>Your pools</h2>
      {pools.error && <Alert message={pools.error} />}
      {pools.data && <Pools pools={pools.data} onChanged={changed} onSignedOut={onSignedOut} />}
      <h2>Your numbers</h2>
      {numbers.error && <Alert message={numbers.error} />}
      {numbers.data && numbers.data.length === 0 && (
        <p>
          No number yet: your operator gives you numbers (long codes, short codes) that handsets can write to.
        </p>
      )}
      {numbers.data?.map((n) => (
        <div class="card" key={n.number} data-testid={`number-${n.number}`}>
          <h3>
            {n.number}{' '}
            <span class="muted">
              {n.kind === 'ShortCode' ? 'short code' : 'long code'} · {n.country}
            </span>
          </h3>
          <p class="muted">
            {n.poolName ? `In pool ${n.poolName}` : 'In no pool'} ·{' '}
            {n.inboundRoute === 'smpp'
              ? 'messages go to your SMPP receiver binds'
              : 'messages go to your callbacks'}
          </p>
          {pools.data && <PoolChoice n={n} pools={pools.data} onMoved={changed} onSignedOut={onSignedOut} />}
          <KeywordRules
            // Kept while the list reloads (its rules are what it saved), so its answer stays shown.
            key={n.number}
            n={n}
            onSaved={numbers.reload}
            onSignedOut={onSignedOut}
          />
        </div>
      ))}
      <h2>Received</h2>
      {inbound.error && <Alert message={inbound.error} />}
      {!inbound.data ? (
        <p class="loading">Loading…</p>
      ) : inbound.data.total === 0 ? (
        <p>No message received yet.</p>
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Text</th>
                  <th scope="col">What it was</th>
                  <th scope="col">Received</th>
                </tr>
              </thead>
              <tbody>
                {inbound.data.items.map((m) => (
                  <tr key={m.id} data-testid={`inbound-${m.id}`}>
                    <td>{m.from}</td>
                    <td>{m.to}</td>
                    <td class="clip">{m.text}</td>
                    <td>{KIND[m.kind]}</td>
                    <td>{isoShort(m.receivedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Pages of received messages"
            page={page}
            onPage={setPage}
            hasNext={(page + 1) * SIZE < inbound.data.total}
            pages={Math.max(1, Math.ceil(inbound.data.total / SIZE))}
          />
        </>
      )}
    </section>
  );
}
