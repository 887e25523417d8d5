import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** A connection or an open transaction: repositories accept either. */
export type Queryable = Kysely<Database> | Transaction<Database>;
