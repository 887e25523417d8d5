/**
 * Replies: what handsets wrote to the account's numbers (newest first: a reply, a keyword answered,
 * a STOP), and the account's numbers with their pool, where their messages go and their keyword
 * rules — which the user changes here: a message starting with a keyword is answered with its reply.
 */
import { useState } from 'preact/hooks';
import { type AccountNumber, api, type Page, type ReceivedMessage } from '../api.js';
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

export function Replies({ onSignedOut }: { onSignedOut(): void }) {
  const [page, setPage] = useState(0);
  const inbound = usePolled<Page<ReceivedMessage>>(`/inbound?size=${SIZE}&page=${page}`, onSignedOut);
  const numbers = usePolled<AccountNumber[]>('/numbers', onSignedOut, null);
  return (
    <section aria-labelledby="replies-title">
      <h1 id="replies-title">Replies</h1>
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
          <KeywordRules
            key={n.keywords.map((k) => k.keyword).join()}
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
