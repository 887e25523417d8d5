import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Prices per product, as Octopush sells them: besides `sms` (a premium SMS part) and `voice` (a minute
 * of call), `sms_low_cost` (a low-cost SMS part) and `vocal_sms` (one voice message, billed once
 * answered). The starting rows follow the existing ones: low cost at three quarters of each SMS
 * price, a voice message at each voice minute's price; `herald price set -s …` edits them.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await sql`INSERT INTO prices (service, country, price_micros, updated_at)
            SELECT 'sms_low_cost', country, price_micros * 3 / 4, updated_at FROM prices WHERE service = 'sms'
            ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO prices (service, country, price_micros, updated_at)
            SELECT 'vocal_sms', country, price_micros, updated_at FROM prices WHERE service = 'voice'
            ON CONFLICT DO NOTHING`.execute(db);
}
