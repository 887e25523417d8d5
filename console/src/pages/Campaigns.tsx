/**
 * Campaigns, newest first: each with its state, how far it has gone (messages or calls with a final
 * status out of all) and its main counts, refreshed every two seconds with one request per page.
 */
import { useState } from 'preact/hooks';
import type { CampaignSummary, Page } from '../api.js';
import { Alert, Pager } from '../components.js';
import { isoShort, usePolled } from '../polling.js';
import { follow } from '../router.js';

const SIZE = 20;

export function Progress({ final, total }: { final: number; total: number }) {
  const pct = total === 0 ? 0 : Math.round((final / total) * 100);
  return (
    <span class="progress">
      <progress value={final} max={Math.max(total, 1)} aria-label={`${final} of ${total} done`} />{' '}
      <span>{pct}%</span>
    </span>
  );
}

function delivered(c: CampaignSummary): number {
  return c.kind === 'voice' ? (c.statuses.Completed ?? 0) : (c.statuses.Delivered ?? 0);
}

function failed(c: CampaignSummary): number {
  const keys =
    c.kind === 'voice'
      ? ['Busy', 'NoAnswer', 'Failed', 'Unsent', 'Terminated']
      : ['Undelivered', 'Failed', 'Unsent', 'Network Error'];
  return keys.reduce((n, k) => n + (c.statuses[k] ?? 0), 0);
}

export function Campaigns({ onSignedOut }: { onSignedOut(): void }) {
  const [page, setPage] = useState(0);
  const { data, error } = usePolled<Page<CampaignSummary>>(
    `/campaigns?page=${page}&size=${SIZE}`,
    onSignedOut,
  );
  const pages = data ? Math.max(1, Math.ceil(data.total / SIZE)) : 1;
  return (
    <section aria-labelledby="campaigns-title">
      <div class="title-row">
        <h1 id="campaigns-title">Campaigns</h1>
        <a class="button" href="/console/campaigns/new" onClick={follow}>
          New SMS campaign
        </a>
        <a class="button" href="/console/campaigns/new-voice" onClick={follow}>
          New voice campaign
        </a>
      </div>
      <Alert message={error} />
      {!data ? (
        <p class="loading">Loading…</p>
      ) : data.total === 0 ? (
        <p>No campaign yet. Send your first one with “New SMS campaign”.</p>
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">State</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Delivered</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Starts</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.id} data-testid={`campaign-${c.id}`}>
                    <td>
                      <a href={`/console/campaigns/${encodeURIComponent(c.id)}`} onClick={follow}>
                        {c.name ?? `${c.kind === 'voice' ? 'Voice' : 'SMS'} from ${c.from}`}
                      </a>
                      <div class="muted">
                        {c.kind === 'voice' ? 'Voice' : 'SMS'} · {c.total} recipients
                      </div>
                    </td>
                    <td>
                      <span class={`badge badge-${c.state}`}>{c.state}</span>
                    </td>
                    <td>
                      <Progress final={c.final} total={c.total} />
                    </td>
                    <td>{delivered(c)}</td>
                    <td>{failed(c)}</td>
                    <td>{isoShort(c.sendAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label="Pages of campaigns"
            page={page}
            onPage={setPage}
            pages={pages}
            hasNext={page + 1 < pages}
          />
        </>
      )}
    </section>
  );
}
