/** The console's shell: who is signed in decides between the sign-in form and the pages. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Session, setCsrfToken } from './api.js';
import { Account } from './pages/Account.js';
import { Callbacks } from './pages/Callbacks.js';
import { Replies } from './pages/Replies.js';
import { Campaign } from './pages/Campaign.js';
import { Campaigns } from './pages/Campaigns.js';
import { Contacts } from './pages/Contacts.js';
import { Message, Messages } from './pages/Messages.js';
import { NewCampaign } from './pages/NewCampaign.js';
import { NewVoiceCampaign } from './pages/NewVoiceCampaign.js';
import { Overview } from './pages/Overview.js';
import { SignIn } from './pages/SignIn.js';
import { OperatorApp } from './operator/OperatorApp.js';
import { follow, isOperatorPage, type Route, useRoute } from './router.js';
import './style.css';

const NAV: Array<{ href: string; label: string; pages: Array<Route['page']> }> = [
  { href: '/console/', label: 'Overview', pages: ['overview'] },
  {
    href: '/console/campaigns',
    label: 'Campaigns',
    pages: ['campaigns', 'campaign', 'new-campaign', 'new-voice-campaign'],
  },
  { href: '/console/messages', label: 'Messages', pages: ['messages', 'message'] },
  { href: '/console/contacts', label: 'Contacts', pages: ['contacts'] },
  { href: '/console/replies', label: 'Replies', pages: ['replies'] },
  { href: '/console/callbacks', label: 'Callbacks', pages: ['callbacks'] },
  { href: '/console/account', label: 'Account', pages: ['account'] },
];

function Page({ route, onSignedOut }: { route: Route; onSignedOut(): void }) {
  switch (route.page) {
    case 'campaigns':
      return <Campaigns onSignedOut={onSignedOut} />;
    case 'new-campaign':
      return <NewCampaign onSignedOut={onSignedOut} />;
    case 'new-voice-campaign':
      return <NewVoiceCampaign onSignedOut={onSignedOut} />;
    case 'campaign':
      return <Campaign key={route.id} id={route.id} onSignedOut={onSignedOut} />;
    case 'messages':
      return <Messages onSignedOut={onSignedOut} />;
    case 'message':
      return <Message key={route.id} id={route.id} onSignedOut={onSignedOut} />;
    case 'contacts':
      return <Contacts onSignedOut={onSignedOut} />;
    case 'callbacks':
      return <Callbacks onSignedOut={onSignedOut} />;
    case 'replies':
      return <Replies onSignedOut={onSignedOut} />;
    case 'account':
      return <Account onSignedOut={onSignedOut} />;
    default:
      return <Overview onSignedOut={onSignedOut} />;
  }
}

function App() {
  const route = useRoute();
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
  if (isOperatorPage(route)) return <OperatorApp route={route} />;
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={signedIn} />;
  return (
    <>
      <header class="bar">
        <span class="brand">Herald</span>
        <nav aria-label="Pages">
          {NAV.map((n) => (
            <a
              key={n.href}
              href={n.href}
              onClick={follow}
              {...(n.pages.includes(route.page) && { 'aria-current': 'page' as const })}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <span class="who">{session.account.name}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        <Page route={route} onSignedOut={() => setSession(null)} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
