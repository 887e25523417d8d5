/**
 * A new SMS campaign. The text is analysed as it is typed by the same domain code Herald runs
 * (GSM 03.38 / UCS-2 parts, unsupported characters, transcoding), bundled into the page; the
 * recipients, cost and send time per country (quiet hours) come from Herald's preview; then it is
 * sent now or scheduled, with an optional reminder, and the page opens the campaign to watch it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { analyseBody, isGsmText } from '../../../src/domain/gsm.js';
import { transcodeIfHelpful } from '../../../src/domain/transcode.js';
import { api, type CampaignInput, type CampaignPreview } from '../api.js';
import { useFormCall } from '../components.js';
import { isoShort } from '../polling.js';
import { follow, navigate } from '../router.js';
import { numbersOf, Recipients } from './Recipients.js';

/** The text with every character outside GSM 03.38 marked. */
function Highlighted({ text }: { text: string }) {
  const chars = Array.from(text);
  return (
    <p class="body-text" data-testid="highlighted">
      {chars.map((ch, i) =>
        isGsmText(ch) ? (
          ch
        ) : (
          <mark key={i} title="Not in the GSM alphabet: the message is sent as Unicode (UCS-2)">
            {ch}
          </mark>
        ),
      )}
    </p>
  );
}

export function NewCampaign({ onSignedOut }: { onSignedOut(): void }) {
  const [name, setName] = useState('');
  const [from, setFrom] = useState('Herald');
  const [numbers, setNumbers] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const [body, setBody] = useState('');
  const [transcode, setTranscode] = useState(false);
  const [flash, setFlash] = useState(false);
  const [quiet, setQuiet] = useState(true);
  const [when, setWhen] = useState('');
  const [reminderTo, setReminderTo] = useState('');
  const [reminderBefore, setReminderBefore] = useState('30');
  const [preview, setPreview] = useState<CampaignPreview | null>(null);
  const { busy, error, fields, run } = useFormCall(onSignedOut);

  const analysis = useMemo(() => analyseBody(body), [body]);
  const transcoded = useMemo(() => transcodeIfHelpful(body, analysis), [body, analysis]);
  const perPart = analysis.unicode ? (analysis.parts > 1 ? 67 : 70) : analysis.parts > 1 ? 153 : 160;

  const input = (): CampaignInput => {
    const to = numbersOf(numbers);
    const req: CampaignInput = { from, body, flash, respectQuietHours: quiet, transcode };
    if (name.trim()) req.campaignName = name.trim();
    if (to.length) req.to = to;
    if (groups.length) req.groups = groups;
    if (when) req.scheduledDate = new Date(when).toISOString();
    const reminder = numbersOf(reminderTo);
    if (reminder.length && when) req.reminder = { minutesBefore: Number(reminderBefore), to: reminder };
    return req;
  };
  // A preview says what the form says now: any change makes it stale.
  useEffect(
    () => setPreview(null),
    [name, from, numbers, groups, body, transcode, flash, quiet, when, reminderTo],
  );

  const runPreview = async () => {
    const p = await run(() => api<CampaignPreview>('POST', '/campaigns/preview', input()));
    if (p) setPreview(p);
  };
  const send = async (e: Event) => {
    e.preventDefault();
    const r = await run(() => api<{ id: string }>('POST', '/campaigns', input()));
    if (r) navigate(`/console/campaigns/${encodeURIComponent(r.id)}`);
  };
  const fieldError = (key: string) =>
    fields[key] ? (
      <span class="error" id={`${key}-error`}>
        {fields[key]}
      </span>
    ) : null;

  return (
    <section aria-labelledby="new-title">
      <p>
        <a href="/console/campaigns" onClick={follow}>
          ← Campaigns
        </a>
      </p>
      <h1 id="new-title">New SMS campaign</h1>
      <form class="form card" onSubmit={send}>
        <label for="nc-name">Campaign name (optional)</label>
        <input id="nc-name" value={name} maxLength={30} onInput={(e) => setName(e.currentTarget.value)} />
        {fieldError('campaignName')}
        <label for="nc-from">Sender</label>
        <input
          id="nc-from"
          value={from}
          required
          maxLength={16}
          onInput={(e) => setFrom(e.currentTarget.value)}
        />
        {fieldError('from')}
        <Recipients
          id="nc"
          numbers={numbers}
          onNumbers={setNumbers}
          groups={groups}
          onGroups={setGroups}
          onSignedOut={onSignedOut}
        />
        <label for="nc-body">Text</label>
        <textarea
          id="nc-body"
          rows={5}
          value={body}
          required
          aria-describedby="nc-counter"
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        <p id="nc-counter" class="counter" aria-live="polite">
          <span data-testid="encoding">{analysis.unicode ? 'Unicode (UCS-2)' : 'GSM 7-bit'}</span> ·{' '}
          <span data-testid="characters">{analysis.characters}</span> characters ·{' '}
          <span data-testid="parts">{analysis.parts}</span> part(s), {perPart} per part
        </p>
        {analysis.unsupportedGSMCharacters.length > 0 && (
          <div class="card note">
            <p>
              Not in the GSM alphabet:{' '}
              <span data-testid="unsupported">{analysis.unsupportedGSMCharacters.join(' ')}</span>
            </p>
            <Highlighted text={body} />
          </div>
        )}
        {transcoded && (
          <div class="card note">
            <p>
              Transcoded to GSM it takes <strong data-testid="transcoded-parts">{transcoded.parts}</strong>{' '}
              part(s) instead of {analysis.parts}:
            </p>
            <p class="body-text" data-testid="transcoded">
              {transcoded.message}
            </p>
            <label class="inline">
              <input
                type="checkbox"
                checked={transcode}
                onChange={(e) => setTranscode(e.currentTarget.checked)}
              />{' '}
              Send it transcoded
            </label>
          </div>
        )}
        {fieldError('body')}
        <label class="inline">
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.currentTarget.checked)} />{' '}
          Respect quiet hours (messages wait for the end of the recipient’s quiet hours)
        </label>
        <label class="inline">
          <input type="checkbox" checked={flash} onChange={(e) => setFlash(e.currentTarget.checked)} /> Flash
          message
        </label>
        <label for="nc-when">Schedule (optional; now when empty)</label>
        <input
          id="nc-when"
          type="datetime-local"
          value={when}
          onInput={(e) => setWhen(e.currentTarget.value)}
        />
        {fieldError('scheduledDate')}
        {when && (
          <fieldset>
            <legend>Reminder before it starts (optional)</legend>
            <label for="nc-rem-to">Numbers to remind</label>
            <input id="nc-rem-to" value={reminderTo} onInput={(e) => setReminderTo(e.currentTarget.value)} />
            <label for="nc-rem-before">Minutes before</label>
            <input
              id="nc-rem-before"
              type="number"
              min={0}
              value={reminderBefore}
              onInput={(e) => setReminderBefore(e.currentTarget.value)}
            />
          </fieldset>
        )}
        {error && (
          <p role="alert" class="error">
            {error}
            {Object.entries(fields)
              .filter(([k]) => !['from', 'body', 'campaignName', 'scheduledDate'].includes(k))
              .map(([k, v]) => ` · ${k}: ${v}`)
              .join('')}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={runPreview} disabled={busy}>
            Preview cost
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {when ? 'Schedule campaign' : 'Send campaign'}
          </button>
        </div>
      </form>
      {preview && (
        <div class="card wide" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <p>
            <span data-testid="preview-recipients">{preview.recipients}</span> recipients · cost{' '}
            <span data-testid="preview-cost">{preview.cost.toFixed(3)}</span>
            {preview.invalidNumbers.length > 0 && (
              <span class="error"> · not valid: {preview.invalidNumbers.join(', ')}</span>
            )}
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Country</th>
                  <th scope="col">Messages</th>
                  <th scope="col">Parts</th>
                  <th scope="col">Cost</th>
                  <th scope="col">Leaves</th>
                </tr>
              </thead>
              <tbody>
                {preview.countries.map((c) => (
                  <tr key={c.country} data-testid={`preview-${c.country}`}>
                    <th scope="row">{c.country}</th>
                    <td>{c.messages}</td>
                    <td>{c.parts}</td>
                    <td>{c.cost.toFixed(3)}</td>
                    <td>
                      {c.firstSendAt === preview.sendAt && c.lastSendAt === preview.sendAt
                        ? 'at the start'
                        : `from ${isoShort(c.firstSendAt)} (quiet hours)`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
