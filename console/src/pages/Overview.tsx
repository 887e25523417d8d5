/**
 * The overview: balance, today's messages by status, messages accepted per minute over the last hour
 * (uPlot), link states, parts waiting and failing callbacks. One request every two seconds refreshes
 * it all, however many messages flow.
 */
import type { Overview as Data } from '../api.js';
import { Alert, TimeChart } from '../components.js';
import { usePolled } from '../polling.js';
const STATUSES = ['Queued', 'Sent', 'Delivered', 'Undelivered', 'Failed', 'Unsent'];

export function Overview({ onSignedOut }: { onSignedOut(): void }) {
  const { data, error } = usePolled<Data>('/overview', onSignedOut);
  if (!data) return <p class="loading">{error || 'Loading…'}</p>;
  const total = Object.values(data.todayByStatus).reduce((a, b) => a + b, 0);
  const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: data.currency });
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <Alert message={error} />
      <div class="cards">
        <div class="card">
          <h2>Balance</h2>
          <p class="big" data-testid="balance">
            {money.format(data.balance)}
          </p>
        </div>
        <div class="card">
          <h2>Messages today</h2>
          <p class="big" data-testid="today-total">
            {total}
          </p>
          <dl class="statuses">
            {STATUSES.map((s) => (
              <div key={s}>
                <dt>{s}</dt>
                <dd data-testid={`today-${s}`}>{data.todayByStatus[s] ?? 0}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div class="card">
          <h2>Queue</h2>
          <p>
            <span data-testid="queue-ready">{data.queue.ready}</span> parts waiting,{' '}
            <span data-testid="queue-inflight">{data.queue.inflight}</span> at the operator
          </p>
          <h2>Callbacks</h2>
          <p>
            <span data-testid="callbacks-retrying">{data.callbacks.retrying}</span> being retried,{' '}
            <span data-testid="callbacks-failed">{data.callbacks.failed}</span> given up
          </p>
        </div>
        <div class="card">
          <h2>Operator links</h2>
          {data.links.length === 0 ? (
            <p>No link runs on this node.</p>
          ) : (
            <ul class="links">
              {data.links.map((l) => (
                <li key={l.id}>
                  <span class={`state state-${l.state}`}>{l.state}</span> {l.id}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <div class="card wide">
        <h2>Messages accepted per minute, last hour</h2>
        <TimeChart
          times={data.lastHour.map((p) => Date.parse(p.at))}
          values={data.lastHour.map((p) => p.messages)}
          label="messages per minute"
          description="Messages accepted per minute over the last hour"
          color={{ stroke: '#2b6cb0', fill: 'rgba(43,108,176,0.15)' }}
        />
      </div>
    </section>
  );
}
