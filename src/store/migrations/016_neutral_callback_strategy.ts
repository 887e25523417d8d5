import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The per-message callback strategy is named for what it does, once per message when its status is
 * final ('OnMessageCompletion'), no longer for the API that asks for it ('OctopushDlr'): the engine
 * knows no provider, and the face renders the callback (src/api/callback-renderers.ts). Messages stored
 * before keep calling back the same way. One pass over the messages, once.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`UPDATE messages SET callback_strategy = 'OnMessageCompletion' WHERE callback_strategy = 'OctopushDlr'`.execute(
    db,
  );
}
