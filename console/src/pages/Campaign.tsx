/**
 * One campaign: how far it has gone (a chart of messages or calls reaching a final status over time),
 * its counts per status and per country, its short links' clicks and its failing callbacks. While it
 * is Scheduled its text and start can be changed, or it can be withdrawn (and refunded).
 */
import { useState } from 'preact/hooks';
import { api, type CampaignDetail, type FailingCallback, type Page, errorMessage } from '../api.js';
import { Alert, TimeChart } from '../components.js';
import { isoShort, usePolled } from '../polling.js';
import { follow, navigate } from '../router.js';
import { Progress } from './Campaigns.js';
import { CallbackList } from './Callbacks.js';

/** Running totals of per-minute counts. */
function cumulative(counts: number[]): number[] {
  let sum = 0;
  return counts.map((n) => (sum += n));
}

/** Local date-time for an <input type="datetime-local"> from an ISO time. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function Reschedule({ c, onDone }: { c: CampaignDetail; onDone(): void }) {
  const [body, setBody] = useState(c.voice?.message?.text ?? c.body);
  // A campaign that plays a WAV file has no text to change here: its start and withdrawal only.
  const textual = c.kind === 'sms' || Boolean(c.voice?.message);
  const [when, setWhen] = useState(toLocalInput(c.scheduledAt ?? c.sendAt));
  const [message, setMessage] = useState('');
  const save = async (e: Event) => {
    e.preventDefault();
    setMessage('');
    try {
      const s = c.settings;
      const recipients = { to: s.to, contacts: s.contacts, groups: s.groups };
      const scheduledDate = new Date(when).toISOString();
      const id = encodeURIComponent(c.id);
      // A voice campaign is planned again from its whole request, its spoken text changed.
      if (c.voice?.message)
        await api('PUT', `/voice/campaigns/${id}`, {
          ...(c.name !== null && { name: c.name }),
          from: c.from,
          ...recipients,
          message: { ...c.voice.message, text: body },
          respectQuietHours: s.respectQuietHours,
          collectDtmfDigits: c.voice.collectDtmfDigits,
          scheduledDate,
        });
      else
        await api('PUT', `/campaigns/${id}`, {
          ...(c.name !== null && { campaignName: c.name }),
          from: c.from,
          body,
          ...recipients,
          flash: s.flash,
          respectQuietHours: s.respectQuietHours,
          ...(s.reminder && { reminder: s.reminder }),
          scheduledDate,
        });
      setMessage('Saved');
      onDone();
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  const withdraw = async () => {
    if (!confirm('Withdraw this campaign? Nothing will be sent and its cost is refunded.')) return;
    try {
      await api('DELETE', `/campaigns/${encodeURIComponent(c.id)}`);
      navigate('/console/campaigns');
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  return (
    <form class="card wide form" onSubmit={save} aria-labelledby="reschedule-title">
      <h2 id="reschedule-title">Scheduled: change or withdraw</h2>
      {textual && (
        <>
          <label for="rs-body">{c.kind === 'voice' ? 'What is said' : 'Text'}</label>
          <textarea id="rs-body" rows={3} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </>
      )}
      <label for="rs-when">Starts at</label>
      <input
        id="rs-when"
        type="datetime-local"
        value={when}
        onInput={(e) => setWhen(e.currentTarget.value)}
        required
      />
      {message && <p role="status">{message}</p>}
      <div class="actions">
        {textual && <button type="submit">Save changes</button>}
        <button type="button" class="danger" onClick={withdraw}>
          Withdraw campaign
        </button>
      </div>
    </form>
  );
}

export function Campaign({ id, onSignedOut }: { id: string; onSignedOut(): void }) {
  const path = `/campaigns/${encodeURIComponent(id)}`;
  const { data: c, error, reload } = usePolled<CampaignDetail>(path, onSignedOut);
  const callbacks = usePolled<Page<FailingCallback>>(
    `/callbacks?campaignId=${encodeURIComponent(id)}&size=20`,
    onSignedOut,
  );
  if (!c)
    return (
      <p class={error ? 'error' : 'loading'} role={error ? 'alert' : undefined}>
        {error || 'Loading…'}
      </p>
    );
  const statusKeys = Object.keys(c.statuses);
  return (
    <section aria-labelledby="campaign-title">
      <p>
        <a href="/console/campaigns" onClick={follow}>
          ← Campaigns
        </a>
      </p>
      <div class="title-row">
        <h1 id="campaign-title">
          {c.name ?? `${c.kind === 'voice' ? 'Voice' : 'SMS'} campaign from ${c.from}`}
        </h1>
        <span class={`badge badge-${c.state}`} data-testid="campaign-state">
          {c.state}
        </span>
      </div>
      <Alert message={error} />
      <div class="cards">
        <div class="card">
          <h2>Progress</h2>
          <Progress final={c.final} total={c.total} />
          <p>
            <span data-testid="campaign-final">{c.final}</span> of {c.total} done · cost {c.cost.toFixed(3)}
          </p>
          <p class="muted">
            From {c.from} · starts {isoShort(c.sendAt)}
            {c.endedAt && <> · ended {isoShort(c.endedAt)}</>}
          </p>
        </div>
        <div class="card">
          <h2>By status</h2>
          <dl class="statuses">
            {statusKeys.map((s) => (
              <div key={s}>
                <dt>{s}</dt>
                <dd data-testid={`status-${s}`}>{c.statuses[s]}</dd>
              </div>
            ))}
          </dl>
        </div>
        {c.kind === 'sms' && (
          <div class="card">
            <h2>Text</h2>
            <p class="body-text">{c.body}</p>
            <p class="muted">{c.parts} part(s) per message</p>
          </div>
        )}
      </div>
      <div class="card wide">
        <h2>Done over time</h2>
        <TimeChart
          times={c.progress.map((p) => Date.parse(p.at))}
          values={cumulative(c.progress.map((p) => p.final))}
          label="done"
          description="Messages done over time"
          color={{ stroke: '#276749', fill: 'rgba(39,103,73,0.15)' }}
          yMax={Math.max(c.total, 1)}
        />
      </div>
      <div class="card wide">
        <h2>By country</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Recipients</th>
                {statusKeys.map((s) => (
                  <th scope="col" key={s}>
                    {s}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.perCountry.map((p) => (
                <tr key={p.country}>
                  <th scope="row">{p.country}</th>
                  <td>{p.total}</td>
                  {statusKeys.map((s) => (
                    <td key={s}>{p.statuses[s] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {c.links.length > 0 && (
        <div class="card wide">
          <h2>Short links</h2>
          <ul>
            {c.links.map((l) => (
              <li key={l.code}>
                {l.url}: {l.clicks} clicks by {l.uniqueRecipients} recipients
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="card wide">
        <h2>Failing callbacks</h2>
        {callbacks.data && (
          <CallbackList page={callbacks.data} campaignId={c.id} onReplayed={callbacks.reload} />
        )}
      </div>
      {c.state === 'Scheduled' && <Reschedule c={c} onDone={reload} />}
    </section>
  );
}
