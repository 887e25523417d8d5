/**
 * Requests that came through an HTTP proxy carry an absolute-form target (`POST http://host/api/sms`)
 * with a foreign Host: route by the path only.
 */
const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\//i;

export function pathOfRequestTarget(target: string | undefined): string {
  if (!target) return '/';
  if (!ABSOLUTE_FORM.test(target)) return target;
  const afterScheme = target.indexOf('//') + 2;
  const slash = target.indexOf('/', afterScheme);
  const query = target.indexOf('?', afterScheme);
  if (slash < 0 && query < 0) return '/';
  if (slash < 0 || (query >= 0 && query < slash)) return `/${target.slice(query)}`;
  return target.slice(slash);
}
