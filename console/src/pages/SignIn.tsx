/** Sign-in with the account's application credentials (the ones its Routee clients use). */
import { useState } from 'preact/hooks';
import { Alert, useFormCall } from '../components.js';
import { api, type Session } from '../api.js';

export function SignIn({ onSignedIn }: { onSignedIn(s: Session): void }) {
  const [applicationId, setId] = useState('');
  const [applicationSecret, setSecret] = useState('');
  const { busy, error, run } = useFormCall();
  const submit = async (e: Event) => {
    e.preventDefault();
    const session = await run(() => api<Session>('POST', '/session', { applicationId, applicationSecret }));
    if (session) onSignedIn(session);
  };
  return (
    <main class="signin">
      <h1>Herald console</h1>
      <form onSubmit={submit}>
        <label for="applicationId">Application id</label>
        <input
          id="applicationId"
          name="applicationId"
          autocomplete="username"
          required
          value={applicationId}
          onInput={(e) => setId((e.target as HTMLInputElement).value)}
        />
        <label for="applicationSecret">Application secret</label>
        <input
          id="applicationSecret"
          name="applicationSecret"
          type="password"
          autocomplete="current-password"
          required
          value={applicationSecret}
          onInput={(e) => setSecret((e.target as HTMLInputElement).value)}
        />
        <Alert message={error} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        <a href="/console/operator">Operator sign-in</a>
      </p>
    </main>
  );
}
