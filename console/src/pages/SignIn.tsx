/** Sign-in with the account's application credentials (the ones its Routee clients use). */
import { useState } from 'preact/hooks';
import { Alert } from '../components.js';
import { api, ApiError, type Session } from '../api.js';

export function SignIn({ onSignedIn }: { onSignedIn(s: Session): void }) {
  const [applicationId, setId] = useState('');
  const [applicationSecret, setSecret] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await api<Session>('POST', '/session', { applicationId, applicationSecret }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Herald could not be reached');
    } finally {
      setBusy(false);
    }
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
