/** The console's shell: who is signed in decides between the sign-in form and the pages. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Session, setCsrfToken } from './api.js';
import { Overview } from './pages/Overview.js';
import { SignIn } from './pages/SignIn.js';
import './style.css';

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const signedIn = (s: Session) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
  };
  useEffect(() => {
    api<Session | { account: null }>('GET', '/session')
      .then((s) => (s.account === null ? setSession(null) : signedIn(s as Session)))
      .catch(() => setSession(null));
  }, []);
  const signOut = async () => {
    await api('DELETE', '/session').catch(() => undefined);
    setCsrfToken('');
    setSession(null);
  };
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={signedIn} />;
  return (
    <>
      <header class="bar">
        <span class="brand">Herald</span>
        <nav aria-label="Pages">
          <a href="/console/" aria-current="page">
            Overview
          </a>
        </nav>
        <span class="who">{session.account.name}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        <Overview onSignedOut={() => setSession(null)} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
