/**
 * Messages: search by number, status, label, campaign and time (newest first, a page at a time), and
 * a message's timeline — accepted, each part sent to the operator (with its id there), then its final
 * status with the receipt's detail.
 */
import { useState } from 'preact/hooks';
import type { MessageDetail, MessageSummary } from '../api.js';
import { Alert, Pager } from '../components.js';
import { isoShort, usePolled } from '../polling.js';
import { follow } from '../router.js';

const SIZE = 25;
const STATUSES = ['Queued', 'Sent', 'Delivered', 'Undelivered', 'Failed', 'Unsent', 'Network Error'];

/** Local date-time input value → ISO, or undefined when empty. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function Messages({ onSignedOut }: { onSignedOut(): void }) {
  const initial = new URLSearchParams(location.search);
  const [number, setNumber] = useState(initial.get('number') ?? '');
  const [status, setStatus] = useState(initial.get('status') ?? '');
  const [label, setLabel] = useState('');
  const [campaignId, setCampaignId] = useState(initial.get('campaignId') ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState(() => buildQuery());
  const [page, setPage] = useState(0);

  function buildQuery(): string {
    const q = new URLSearchParams();
    if (number.trim()) q.set('number', number.trim());
    if (status) q.set('status', status);
    if (label.trim()) q.set('label', label.trim());
    if (campaignId.trim()) q.set('campaignId', campaignId.trim());
    const f = isoOf(from);
    const t = isoOf(to);
    if (f) q.set('from', f);
    if (t) q.set('to', t);
    return q.toString();
  }
  const { data, error } = usePolled<{ items: MessageSummary[]; more: boolean }>(
    `/messages?size=${SIZE}&page=${page}${query ? `&${query}` : ''}`,
    onSignedOut,
  );
  const search = (e: Event) => {
    e.preventDefault();
    setPage(0);
    setQuery(buildQuery());
  };
  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">Messages</h1>
      <form class="filters card" onSubmit={search} role="search" aria-label="Search messages">
        <label>
          Number
          <input value={number} placeholder="+33612" onInput={(e) => setNumber(e.currentTarget.value)} />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label
          <input value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <label>
          Campaign id
          <input value={campaignId} onInput={(e) => setCampaignId(e.currentTarget.value)} />
        </label>
        <label>
          From
          <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          Until
          <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      <Alert message={error} />
      {!data ? (
        <p class="loading">Loading…</p>
      ) : data.items.length === 0 ? (
        <p>No message matches (the last 7 days unless you choose dates).</p>
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">To</th>
                  <th scope="col">Status</th>
                  <th scope="col">Text</th>
                  <th scope="col">Parts</th>
                  <th scope="col">Accepted</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <a href={`/console/messages/${encodeURIComponent(m.id)}`} onClick={follow}>
                        {m.to}
                      </a>
                      <div class="muted">{m.country}</div>
                    </td>
                    <td>
                      <span class={`badge badge-${m.status}`}>{m.status}</span>
                    </td>
                    <td class="clip">{m.body}</td>
                    <td>{m.parts}</td>
                    <td>{isoShort(m.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Pages of messages" page={page} onPage={setPage} hasNext={data.more} />
        </>
      )}
    </section>
  );
}

const WHAT: Record<string, string> = {
  accepted: 'Accepted by Herald',
  submitted: 'Sent to the operator',
  final: 'Final status',
  updated: 'Status',
};

export function Message({ id, onSignedOut }: { id: string; onSignedOut(): void }) {
  const { data: m, error } = usePolled<MessageDetail>(`/messages/${encodeURIComponent(id)}`, onSignedOut);
  if (!m)
    return (
      <p class={error ? 'error' : 'loading'} role={error ? 'alert' : undefined}>
        {error || 'Loading…'}
      </p>
    );
  return (
    <section aria-labelledby="message-title">
      <p>
        <a href="/console/messages" onClick={follow}>
          ← Messages
        </a>
      </p>
      <div class="title-row">
        <h1 id="message-title">Message to {m.to}</h1>
        <span class={`badge badge-${m.status}`} data-testid="message-status">
          {m.status}
        </span>
      </div>
      <div class="cards">
        <div class="card">
          <h2>Text</h2>
          <p class="body-text">{m.body}</p>
          <p class="muted">
            From {m.from} · {m.parts} part(s), {m.encoding === 'UCS2' ? 'Unicode' : 'GSM'} · price{' '}
            {m.price.toFixed(3)}
            {m.flash && ' · flash'}
            {m.label && <> · label {m.label}</>}
          </p>
          {m.campaignId && (
            <p>
              <a href={`/console/campaigns/${encodeURIComponent(m.campaignId)}`} onClick={follow}>
                Its campaign
              </a>
            </p>
          )}
        </div>
        <div class="card">
          <h2>Timeline</h2>
          <ol class="timeline" data-testid="timeline">
            {m.events.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{new Date(e.at).toLocaleTimeString()}</time> <strong>{e.status}</strong>{' '}
                — {WHAT[e.what] ?? e.what}
                {e.part !== null && m.parts > 1 && <> (part {e.part})</>}
                {e.detail && <div class="muted">{e.detail}</div>}
              </li>
            ))}
          </ol>
          <p class="muted">Tried until {isoShort(m.expiresAt)}</p>
        </div>
      </div>
      <div class="card wide">
        <h2>Parts</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col">Status</th>
                <th scope="col">Operator id</th>
                <th scope="col">Link</th>
                <th scope="col">Attempts</th>
                <th scope="col">Sent</th>
                <th scope="col">Final</th>
              </tr>
            </thead>
            <tbody>
              {m.partList.map((p) => (
                <tr key={p.smsId}>
                  <th scope="row">{p.index}</th>
                  <td>
                    {p.status}
                    {p.detailedStatus && <div class="muted">{p.detailedStatus}</div>}
                  </td>
                  <td>
                    <code>{p.operatorId ?? '—'}</code>
                  </td>
                  <td>{p.link ?? '—'}</td>
                  <td>{p.attempts}</td>
                  <td>{isoShort(p.submittedAt)}</td>
                  <td>{isoShort(p.finalAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
