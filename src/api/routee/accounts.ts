/** Routee account endpoints: balance, transactions, prices. */
import type { FastifyInstance } from 'fastify';
import { transactionsQuery } from './schemas.js';
import { getBalance, listPriceTable, listTransactions } from '../../services/account-finance.js';
import type { ServiceContext } from '../../services/context.js';
import { usageReport } from '../../services/usage.js';
import { type RouteeAuth, requireScope } from './auth.js';
import { Fields, readPage } from './input.js';
import { springPage } from './paging.js';
import { balanceView, priceTableView, transactionView } from './account-views.js';
import { mapPage } from '../../services/paging.js';

export function accountRoutes(ctx: ServiceContext, auth: RouteeAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    const account = requireScope(auth, ['account']);
    const anyToken = requireScope(auth);

    app.get(
      '/accounts/me/balance',
      { preHandler: account, schema: { tags: ['Account'], summary: 'The balance and its currency' } },
      async (request) => balanceView(await getBalance(ctx, request.account)),
    );

    // Usage per day (Herald extension), unchanged by retention's purges.
    app.get(
      '/accounts/me/usage',
      {
        preHandler: account,
        schema: {
          tags: ['Account'],
          summary: 'Messages and spend per day (Herald extension)',
          querystring: {
            properties: {
              from: { type: ['string', 'null'], description: 'First day, YYYY-MM-DD' },
              to: { type: ['string', 'null'], description: 'Last day, YYYY-MM-DD' },
            },
          },
        },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const from = f.string('from');
        const to = f.string('to');
        f.done();
        return usageReport(ctx, request.account, { ...(from && { from }), ...(to && { to }) });
      },
    );

    app.get(
      '/accounts/me/transactions',
      {
        preHandler: account,
        schema: {
          tags: ['Account'],
          summary: 'Ledger entries, newest first',
          querystring: transactionsQuery,
        },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const from = f.date('from');
        const to = f.date('to');
        const page = readPage(f);
        f.done();
        const entries = await listTransactions(
          ctx,
          request.account,
          { ...(from !== undefined && { from }), ...(to !== undefined && { to }) },
          page,
        );
        return springPage(mapPage(entries, transactionView));
      },
    );

    app.get(
      '/system/prices',
      {
        preHandler: anyToken,
        schema: {
          tags: ['Account'],
          summary: 'Prices per service and country',
          querystring: {
            properties: {
              mcc: { type: ['string', 'number', 'null'], description: 'Only this mobile country code' },
              service: { type: ['string', 'null'], description: 'sms or voice' },
            },
          },
        },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const mcc = f.string('mcc');
        const service = f.string('service');
        f.done();
        return priceTableView(
          await listPriceTable(ctx, request.account, { ...(mcc && { mcc }), ...(service && { service }) }),
        );
      },
    );
  };
}
