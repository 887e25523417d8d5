/**
 * The operator's part of the console: its own sign-in with the admin token (HERALD_ADMIN_TOKEN), its
 * own session and CSRF token, and the pages that keep the gateway running: links and trunks,
 * accounts, prices.
 */
import { useEffect, useState } from 'preact/hooks';
import { Alert, useFormCall } from '../components.js';
import { api, type OperatorSession, setCsrfToken } from '../api.js';
import { follow, type Route } from '../router.js';
import { OperatorAccounts } from './Accounts.js';
import { OperatorLinks } from './Links.js';
import { OperatorPrices } from './Prices.js';

const NAV: Array<{ href: string; label: string; page: Route['page'] }> = [
  { href: '/console/operator/links', label: 'Links and trunks', page: 'operator-links' },
  { href: '/console/operator/accounts', label: 'Accounts', page: 'operator-accounts' },
  { href: '/console/operator/prices', label: 'Prices', page: 'operator-prices' },
];

function OperatorSignIn({ enabled, onSignedIn }: { enabled: boolean; onSignedIn(s: OperatorSession): void }) {
  const [token, setToken] = useState('');
  const { busy, error, run } = useFormCall();
  const submit = async (e: Event) => {
    e.preventDefault();
    const session = await run(() => api<OperatorSession>('POST', '/operator/session', { token }));
    if (session) onSignedIn(session);
  };
  return (
    <main class="signin">
      <h1>Herald operator</h1>
      {enabled ? (
        <form onSubmit={submit}>
          <label for="adminToken">Admin token</label>
          <input
            id="adminToken"
            name="adminToken"
            type="password"
            autocomplete="current-password"
            required
            value={token}
            onInput={(e) => setToken((e.target as HTMLInputElement).value)}
          />
          <Alert message={error} />
          <button type="submit" disabled={busy}>
            Sign in as operator
          </button>
        </form>
      ) : (
        <p role="alert" class="error">
          Operator pages are off: start Herald with HERALD_ADMIN_TOKEN set.
        </p>
      )}
      <p>
        <a href="/console/" onClick={follow}>
          Account sign-in
        </a>
      </p>
    </main>
  );
}

export function OperatorApp({ route }: { route: Route }) {
  const [session, setSession] = useState<OperatorSession | undefined>(undefined);
  const signedIn = (s: OperatorSession) => {
    setCsrfToken(s.csrfToken ?? '', 'operator');
    setSession({ ...s, operator: true, enabled: true });
  };
  useEffect(() => {
    api<OperatorSession>('GET', '/operator/session')
      .then((s) => (s.operator ? signedIn(s) : setSession(s)))
      .catch(() => setSession({ operator: false, enabled: true }));
  }, []);
  const signedOut = () => {
    setCsrfToken('', 'operator');
    setSession({ operator: false, enabled: true });
  };
  const signOut = async () => {
    await api('DELETE', '/operator/session').catch(() => undefined);
    signedOut();
  };
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (!session.operator) return <OperatorSignIn enabled={session.enabled} onSignedIn={signedIn} />;
  return (
    <>
      <header class="bar operator">
        <span class="brand">Herald operator</span>
        <nav aria-label="Operator pages">
          {NAV.map((n) => (
            <a
              key={n.href}
              href={n.href}
              onClick={follow}
              {...(n.page === route.page && { 'aria-current': 'page' as const })}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {route.page === 'operator-accounts' ? (
          <OperatorAccounts onSignedOut={signedOut} />
        ) : route.page === 'operator-prices' ? (
          <OperatorPrices onSignedOut={signedOut} />
        ) : (
          <OperatorLinks onSignedOut={signedOut} />
        )}
      </main>
    </>
  );
}
