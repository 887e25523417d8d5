/**
 * The console's few routes, kept in the address bar (history API) so that reload, back and a shared
 * link all work: Herald serves the same page for every /console/ path.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'overview' }
  | { page: 'campaigns' }
  | { page: 'new-campaign' }
  | { page: 'new-voice-campaign' }
  | { page: 'campaign'; id: string }
  | { page: 'callbacks' }
  | { page: 'replies' }
  | { page: 'messages' }
  | { page: 'contacts' }
  | { page: 'message'; id: string }
  | { page: 'account' }
  | { page: 'operator-links' }
  | { page: 'operator-accounts' }
  | { page: 'operator-prices' };

/** The operator's pages (signed in with the admin token, apart from any account). */
export const isOperatorPage = (r: Route) => r.page.startsWith('operator-');

export function routeOf(path: string): Route {
  const p = path.replace(/^\/console/, '').replace(/\/+$/, '');
  if (p === '/operator' || p === '/operator/links') return { page: 'operator-links' };
  if (p === '/operator/accounts') return { page: 'operator-accounts' };
  if (p === '/operator/prices') return { page: 'operator-prices' };
  if (p === '/account') return { page: 'account' };
  if (p === '/campaigns') return { page: 'campaigns' };
  if (p === '/campaigns/new') return { page: 'new-campaign' };
  if (p === '/campaigns/new-voice') return { page: 'new-voice-campaign' };
  const m = /^\/campaigns\/([^/]+)$/.exec(p);
  if (m) return { page: 'campaign', id: decodeURIComponent(m[1]!) };
  if (p === '/callbacks') return { page: 'callbacks' };
  if (p === '/replies') return { page: 'replies' };
  if (p === '/messages') return { page: 'messages' };
  if (p === '/contacts') return { page: 'contacts' };
  const msg = /^\/messages\/([^/]+)$/.exec(p);
  if (msg) return { page: 'message', id: decodeURIComponent(msg[1]!) };
  return { page: 'overview' };
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(routeOf(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return route;
}

/** A link inside the console: followed without reloading the page (ctrl/cmd-click still opens a tab). */
export function follow(e: MouseEvent): void {
  const a = e.currentTarget as HTMLAnchorElement;
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}
