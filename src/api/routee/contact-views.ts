/** Routee's contact representation, rendered from the use cases' contact records. */
import type { ContactRecord } from '../../services/contacts.js';

export function contactView(c: ContactRecord): Record<string, unknown> {
  // Routee's order as Herald has always written it: the optional names and email last.
  const view: Record<string, unknown> = {
    id: c.id,
    mobile: c.mobile,
    country: c.country,
    vip: c.vip,
    groups: c.groups,
    blacklistedServices: c.blacklistedServices,
    labels: c.labels,
  };
  if (c.firstName !== null) view.firstName = c.firstName;
  if (c.lastName !== null) view.lastName = c.lastName;
  if (c.email !== null) view.email = c.email;
  return view;
}
