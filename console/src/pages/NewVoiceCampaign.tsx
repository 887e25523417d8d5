/**
 * A new voice campaign: who is called, the text spoken (language and voice), a preview to hear it as
 * the phone will play it (Herald's own TTS at 8 kHz), quiet hours, key presses collected, schedule;
 * then the page opens the campaign to watch the calls.
 */
import { useEffect, useState } from 'preact/hooks';
import { Alert, useFormCall } from '../components.js';
import { api, ApiError, apiBlob } from '../api.js';
import { follow, navigate } from '../router.js';
import { numbersOf, Recipients } from './Recipients.js';

export function NewVoiceCampaign({ onSignedOut }: { onSignedOut(): void }) {
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [numbers, setNumbers] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [languages, setLanguages] = useState<string[]>([]);
  const [language, setLanguage] = useState('en-GB');
  const [gender, setGender] = useState<'male' | 'female'>('female');
  const [quiet, setQuiet] = useState(true);
  const [dtmf, setDtmf] = useState(false);
  const [when, setWhen] = useState('');
  const [audio, setAudio] = useState('');
  const { busy, error, fields, run } = useFormCall(onSignedOut);

  useEffect(() => {
    api<string[]>('GET', '/voice/languages')
      .then(setLanguages)
      .catch((err) => err instanceof ApiError && err.status === 401 && onSignedOut());
  }, []);
  // A preview is of the text as it is now.
  useEffect(() => setAudio(''), [text, language, gender]);
  useEffect(() => () => audio && URL.revokeObjectURL(audio), [audio]);

  const message = () => ({ text, language, gender });
  const preview = async () => {
    const wav = await run(() => apiBlob('POST', '/voice/prompt', message()));
    if (wav) setAudio(URL.createObjectURL(wav));
  };
  const send = async (e: Event) => {
    e.preventDefault();
    const to = numbersOf(numbers);
    const r = await run(() =>
      api<{ id: string }>('POST', '/voice/campaigns', {
        from: from.trim(),
        message: message(),
        respectQuietHours: quiet,
        collectDtmfDigits: dtmf,
        ...(name.trim() && { name: name.trim() }),
        ...(to.length && { to }),
        ...(groups.length && { groups }),
        ...(when && { scheduledDate: new Date(when).toISOString() }),
      }),
    );
    if (r) navigate(`/console/campaigns/${encodeURIComponent(r.id)}`);
  };
  const fieldError = (key: string) => (fields[key] ? <span class="error">{fields[key]}</span> : null);

  return (
    <section aria-labelledby="new-voice-title">
      <p>
        <a href="/console/campaigns" onClick={follow}>
          ← Campaigns
        </a>
      </p>
      <h1 id="new-voice-title">New voice campaign</h1>
      <form class="form card" onSubmit={send}>
        <label for="nv-name">Campaign name (optional)</label>
        <input id="nv-name" value={name} maxLength={30} onInput={(e) => setName(e.currentTarget.value)} />
        {fieldError('name')}
        <label for="nv-from">Caller number</label>
        <input
          id="nv-from"
          value={from}
          required
          maxLength={16}
          placeholder="33612345678"
          onInput={(e) => setFrom(e.currentTarget.value)}
        />
        {fieldError('from')}
        <Recipients
          id="nv"
          numbers={numbers}
          onNumbers={setNumbers}
          groups={groups}
          onGroups={setGroups}
          onSignedOut={onSignedOut}
        />
        <label for="nv-text">What is said</label>
        <textarea
          id="nv-text"
          rows={4}
          maxLength={1000}
          required
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <span class="muted">
          {text.length}/1000 characters; [~firstName] and other labels are filled per contact
        </span>
        {fieldError('message.text') ?? fieldError('text')}
        <label for="nv-language">Language</label>
        <select id="nv-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
          {languages.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
        <fieldset>
          <legend>Voice</legend>
          {(['female', 'male'] as const).map((g) => (
            <label class="inline" key={g}>
              <input type="radio" name="nv-gender" checked={gender === g} onChange={() => setGender(g)} /> {g}
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="button" disabled={busy || !text.trim()} onClick={preview}>
            Hear the message
          </button>
        </div>
        {audio && (
          // The preview is what the phone plays: 8 kHz audio.
          <audio controls src={audio} aria-label="Message preview" data-testid="prompt-audio" />
        )}
        <label class="inline">
          <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.currentTarget.checked)} />{' '}
          Respect quiet hours (calls wait for the end of the recipient’s quiet hours)
        </label>
        <label class="inline">
          <input type="checkbox" checked={dtmf} onChange={(e) => setDtmf(e.currentTarget.checked)} /> Collect
          the keys the person presses
        </label>
        <label for="nv-when">Schedule (optional; now when empty)</label>
        <input
          id="nv-when"
          type="datetime-local"
          value={when}
          onInput={(e) => setWhen(e.currentTarget.value)}
        />
        {fieldError('scheduledDate')}
        <Alert message={error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {when ? 'Schedule calls' : 'Start calling'}
          </button>
        </div>
      </form>
    </section>
  );
}
