import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * A campaign keeps what it was asked under Herald's own names, no longer as Routee echoes it (the
 * Routee face renders the echo, src/api/routee/campaign-views.ts): an SMS campaign's `ttl` becomes
 * `ttlMinutes` and the numbers `allowInvalid` left out (kept before 2026-12-03, never shown) go; a
 * voice campaign keeps its plan under `plan` (was `voice`) and no longer a second copy of the plan's
 * prompt and DTMF fields. Drafts keep their face's request as it was written. One pass, by pages.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const k = db as unknown as Kysely<{
    campaigns: { id: string; type: string; state: string; request: string };
  }>;
  let after = '';
  for (;;) {
    const rows = await k
      .selectFrom('campaigns')
      .select(['id', 'type', 'request'])
      .where('state', '<>', 'Draft')
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      const request = row.type === 'Voice' ? voiceSettings(row.request) : smsSettings(row.request);
      if (request !== row.request)
        await k.updateTable('campaigns').set({ request }).where('id', '=', row.id).execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}

function smsSettings(stored: string): string {
  const { ttl, invalid: _invalid, ...rest } = JSON.parse(stored) as Record<string, unknown>;
  if (ttl === undefined && _invalid === undefined) return stored;
  return JSON.stringify(ttl === undefined ? rest : { ...rest, ttlMinutes: ttl });
}

function voiceSettings(stored: string): string {
  const echo = JSON.parse(stored) as Record<string, unknown>;
  if (!('voice' in echo)) return stored;
  return JSON.stringify({
    to: echo.to ?? [],
    contacts: echo.contacts ?? [],
    groups: echo.groups ?? [],
    respectQuietHours: echo.respectQuietHours ?? false,
    ignoreDnd: echo.ignoreDnd ?? false,
    hangupDelay: echo.hangupDelay ?? null,
    plan: echo.voice,
  });
}
