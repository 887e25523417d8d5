/**
 * Callbacks that failed: each with its receiver, attempts and last error, and what it carried;
 * replay one, or all of them, and they are sent again now.
 */
import { useState } from 'preact/hooks';
import { Alert } from '../components.js';
import { api, type FailingCallback, type Page, errorMessage } from '../api.js';
import { isoShort, usePolled } from '../polling.js';

export function CallbackList({
  page,
  campaignId,
  onReplayed,
}: {
  page: Page<FailingCallback>;
  campaignId?: string;
  onReplayed(): void;
}) {
  const [message, setMessage] = useState('');
  const replay = async (body: { ids?: number[]; all?: boolean; campaignId?: string }) => {
    setMessage('');
    try {
      const r = await api<{ replayed: number }>('POST', '/callbacks/replay', body);
      setMessage(`${r.replayed} callback${r.replayed === 1 ? '' : 's'} sent again`);
      onReplayed();
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  return (
    <>
      {message && <p role="status">{message}</p>}
      {page.total === 0 ? (
        <p>No failing callback.</p>
      ) : (
        <>
          <p>
            {page.total} failing{' '}
            <button
              type="button"
              onClick={() => replay({ all: true, ...(campaignId !== undefined && { campaignId }) })}
            >
              Replay all
            </button>
          </p>
          <ul class="callbacks">
            {page.items.map((c) => (
              <li key={c.id} data-testid={`callback-${c.id}`}>
                <div>
                  <span class={`badge badge-${c.state}`}>
                    {c.state === 'failed' ? 'Given up' : 'Retrying'}
                  </span>{' '}
                  <code>{c.url}</code>
                </div>
                <div class="muted">
                  {c.kind} · {c.attempts} attempt(s) · first written {isoShort(c.createdAt)}
                  {c.nextAttemptAt && <> · next try {isoShort(c.nextAttemptAt)}</>}
                </div>
                <div class="error">{c.lastError ?? 'no error recorded'}</div>
                <details>
                  <summary>What it carries</summary>
                  <pre>{JSON.stringify(c.payload, null, 2)}</pre>
                </details>
                <button type="button" onClick={() => replay({ ids: [c.id] })}>
                  Replay
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function Callbacks({ onSignedOut }: { onSignedOut(): void }) {
  const [failedOnly, setFailedOnly] = useState(false);
  const { data, error, reload } = usePolled<Page<FailingCallback>>(
    `/callbacks?size=50${failedOnly ? '&failedOnly=true' : ''}`,
    onSignedOut,
  );
  return (
    <section aria-labelledby="callbacks-title">
      <h1 id="callbacks-title">Callbacks</h1>
      <p class="muted">
        Callbacks your receivers did not accept: retried with backoff, then given up on. Fix the receiver,
        then replay them.
      </p>
      <label class="inline">
        <input
          type="checkbox"
          checked={failedOnly}
          onChange={(e) => setFailedOnly(e.currentTarget.checked)}
        />{' '}
        Only those given up on
      </label>
      <Alert message={error} />
      {data ? <CallbackList page={data} onReplayed={reload} /> : <p class="loading">Loading…</p>}
    </section>
  );
}
