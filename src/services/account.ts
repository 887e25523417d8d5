/**
 * The account a request acts for, as the faces see it: the row the store keeps (name, settings,
 * currency, credentials' hashes). Faces name this type and never the store's schema.
 */
export type { AccountRow as Account } from '../store/schema.js';
