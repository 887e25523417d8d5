/**
 * The console's own JSON API under /console/api: the session routes and the pages' data, each on the
 * typed services and scoped to the signed-in account like every other face. Money leaves as numbers
 * in the account's currency, times as ISO 8601.
 */
import type { FastifyInstance } from 'fastify';
import { fromMicros } from '../../domain/money.js';
import type { EngineHandle } from '../../engine/runtime/engine-handle.js';
import type { AccountCache } from '../../services/account-cache.js';
import { consoleOverview } from '../../services/console-overview.js';
import type { ServiceContext } from '../../services/context.js';
import type { TokenAuthenticator } from '../../services/authenticate-token.js';
import { consoleAccountRoutes } from './account.js';
import { consoleCallbackRoutes } from './callbacks.js';
import { consoleReplyRoutes } from './replies.js';
import { consoleCampaignRoutes } from './campaigns.js';
import { consoleContactGroupRoutes } from './contact-groups.js';
import { consoleContactRoutes } from './contacts.js';
import { consoleVoiceRoutes } from './voice.js';
import { consoleMessageRoutes } from './messages.js';
import { operatorAccountRoutes } from './operator-accounts.js';
import { operatorLinkRoutes } from './operator-links.js';
import { operatorAuth, operatorSessionRoutes } from './operator-session.js';
import { isoTime } from './schemas.js';
import { consoleAuth, sessionRoutes } from './session.js';

export function consoleApiRoutes(
  ctx: ServiceContext,
  auth: { accounts: AccountCache; tokens: TokenAuthenticator },
  engine: EngineHandle | undefined,
) {
  const { accounts } = auth;
  return async (app: FastifyInstance): Promise<void> => {
    // No console answer is kept by a browser or a proxy (the session routes' included).
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    await app.register(sessionRoutes(ctx, accounts));
    const signedIn = consoleAuth(ctx, accounts);
    await app.register(consoleCampaignRoutes(ctx, signedIn));
    await app.register(consoleCallbackRoutes(ctx, signedIn));
    await app.register(consoleReplyRoutes(ctx, signedIn));
    await app.register(consoleMessageRoutes(ctx, signedIn));
    await app.register(consoleContactRoutes(ctx, signedIn));
    await app.register(consoleContactGroupRoutes(ctx, signedIn));
    await app.register(consoleVoiceRoutes(ctx, signedIn));
    await app.register(
      consoleAccountRoutes(ctx, signedIn, {
        onAccountChanged: (id) => accounts.forget(id),
        onTokensRevoked: (id) => auth.tokens.forgetAccount(id),
      }),
    );

    // Operator pages: their own sign-in with the admin token.
    await app.register(operatorSessionRoutes(ctx));
    const operator = operatorAuth(ctx);
    await app.register(operatorLinkRoutes(ctx, operator, engine));
    await app.register(operatorAccountRoutes(ctx, operator, (id) => accounts.forget(id)));

    app.get(
      '/console/api/overview',
      {
        preHandler: signedIn,
        schema: {
          tags: ['Overview'],
          summary: 'Balance, today’s messages, the last hour, links, queue and failing callbacks',
        },
      },
      async (request) => {
        const o = await consoleOverview(ctx, request.account, engine?.linkViews() ?? []);
        return {
          account: o.account,
          balance: fromMicros(o.balanceMicros),
          currency: o.currency.code,
          today: o.today,
          todayByStatus: o.todayByStatus,
          lastHour: o.lastHour.map((m) => ({ at: isoTime(m.at), messages: m.messages })),
          links: o.links,
          queue: o.queue,
          callbacks: o.callbacks,
        };
      },
    );
  };
}
