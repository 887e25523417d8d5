/**
 * The console's operator routes for accounts and prices: a page of accounts (search by name or
 * application id), create (its secrets shown once), top up, disable, enable; the price list (set and
 * remove a price per service and country).
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { SERVICES } from '../../domain/pricing.js';
import { fromMicros } from '../../domain/money.js';
import type { ServiceContext } from '../../services/context.js';
import { disableAccount, enableAccount } from '../../services/account-state.js';
import { createAccount } from '../../services/create-account.js';
import { assignNumber, releaseNumber } from '../../services/numbers.js';
import { operatorAccounts, type OperatorAccount, topUpAccount } from '../../services/operator-accounts.js';
import { priceList, removePrice, setPrice } from '../../services/price-list.js';
import { idParams, isoTime, type PageQuery, pageQuery, pageView } from './schemas.js';

function accountView(a: OperatorAccount) {
  return { ...a, createdAt: isoTime(a.createdAt) };
}

const priceKey = {
  service: { type: 'string', enum: [...SERVICES] },
  country: {
    type: 'string',
    minLength: 1,
    maxLength: 2,
    description: "ISO 3166-1 alpha-2, or '*' (default)",
  },
} as const;

export function operatorAccountRoutes(
  ctx: ServiceContext,
  auth: preHandlerAsyncHookHandler,
  onAccountChanged?: (accountId: string) => void,
) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Operator'];
    type Params = { Params: { id: string } };

    app.get<{ Querystring: PageQuery & { search?: string } }>(
      '/console/api/operator/accounts',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Accounts, oldest first (deleted ones left out)',
          querystring: {
            ...pageQuery,
            properties: { ...pageQuery.properties, search: { type: 'string', maxLength: 100 } },
          },
        },
      },
      async (request) => {
        const { search, ...q } = request.query;
        const p = await operatorAccounts(ctx, q, search);
        return pageView(p.items.map(accountView), p.total, q);
      },
    );

    app.post<{ Body: { name: string; balance?: number; currency?: string; scopes?: string[] } }>(
      '/console/api/operator/accounts',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Create an account; its credentials are in this answer only',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100 },
              balance: { type: 'number', minimum: 0, maximum: 10_000_000 },
              currency: { type: 'string', pattern: '^[A-Za-z]{3}$' },
              scopes: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 50 } },
            },
          },
        },
      },
      async (request, reply) => reply.status(201).send(await createAccount(ctx, request.body)),
    );

    app.post<Params & { Body: { amount: number; description?: string } }>(
      '/console/api/operator/accounts/:id/topup',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Add money to an account (a top-up in its ledger)',
          params: idParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['amount'],
            properties: {
              amount: { type: 'number', exclusiveMinimum: 0, maximum: 10_000_000 },
              description: { type: 'string', maxLength: 200 },
            },
          },
        },
      },
      async (request) => accountView(await topUpAccount(ctx, request.params.id, request.body)),
    );

    const numberBody = {
      type: 'object',
      additionalProperties: false,
      required: ['number'],
      properties: {
        number: { type: 'string', minLength: 3, maxLength: 20 },
        country: { type: 'string', pattern: '^[A-Za-z]{2}$' },
      },
    } as const;
    app.post<Params & { Body: { number: string; country?: string } }>(
      '/console/api/operator/accounts/:id/numbers',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Give an account a number (E.164, or a short code with its country)',
          params: idParams,
          body: numberBody,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await assignNumber(ctx, request.params.id, request.body)),
    );
    app.delete<{ Params: { id: string; number: string } }>(
      '/console/api/operator/accounts/:id/numbers/:number',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Take a number back from an account (its keyword rules go with it)',
          params: {
            type: 'object',
            required: ['id', 'number'],
            properties: {
              id: { type: 'string', minLength: 1, maxLength: 100 },
              number: { type: 'string', minLength: 1, maxLength: 20 },
            },
          },
        },
      },
      async (request, reply) => {
        await releaseNumber(ctx, request.params.id, request.params.number);
        return reply.status(204).send();
      },
    );

    for (const [verb, act] of [
      ['disable', disableAccount],
      ['enable', enableAccount],
    ] as const) {
      app.post<Params>(
        `/console/api/operator/accounts/:id/${verb}`,
        {
          preHandler: auth,
          schema: {
            tags,
            summary:
              verb === 'disable'
                ? 'Disable an account: its credentials and sessions are refused, its data kept'
                : 'Enable an account again',
            params: idParams,
          },
        },
        async (request) => {
          await act(ctx, request.params.id);
          onAccountChanged?.(request.params.id);
          return { id: request.params.id, state: verb === 'disable' ? 'disabled' : 'active' };
        },
      );
    }

    app.get(
      '/console/api/operator/prices',
      {
        preHandler: auth,
        schema: { tags, summary: 'The price list: per SMS part, minute or voice message' },
      },
      async () => ({
        items: (await priceList(ctx)).map((p) => ({
          service: p.service,
          country: p.country,
          price: fromMicros(p.priceMicros),
        })),
      }),
    );

    app.put<{ Body: { service: string; country: string; price: number } }>(
      '/console/api/operator/prices',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Set a price',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['service', 'country', 'price'],
            properties: { ...priceKey, price: { type: 'number', minimum: 0, maximum: 1_000_000 } },
          },
        },
      },
      async (request) => {
        const p = await setPrice(ctx, request.body);
        return { service: p.service, country: p.country, price: fromMicros(p.priceMicros) };
      },
    );

    app.delete<{ Querystring: { service: string; country: string } }>(
      '/console/api/operator/prices',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: "Remove a price (the service's default applies)",
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['service', 'country'],
            properties: priceKey,
          },
        },
      },
      async (request, reply) => {
        await removePrice(ctx, request.query);
        return reply.status(204).send();
      },
    );
  };
}
