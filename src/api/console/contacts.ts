/**
 * The console's contact routes: a search of contacts (number, name, group, blacklist), adding,
 * editing and deleting one, labels, groups (create, delete, add and remove members), blacklists per
 * service, and a CSV import that runs in the background while the page follows its progress.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { getImport, type ImportRecord, startContactImport } from '../../services/contact-import.js';
import { BLACKLIST_SERVICES, type BlacklistService } from '../../services/blacklist.js';
import { searchContacts } from '../../services/contact-search.js';
import { type ContactRecord, createContact, deleteContact, updateContact } from '../../services/contacts.js';
import type { ServiceContext } from '../../services/context.js';
import { idParams, isoTime, type PageQuery, pageQuery, pageView } from './schemas.js';

function contactView(c: ContactRecord) {
  return {
    id: c.id,
    mobile: c.mobile,
    country: c.country,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    vip: c.vip,
    groups: c.groups,
    blacklistedServices: c.blacklistedServices,
    labels: c.labels,
  };
}

function importView(r: ImportRecord) {
  return {
    id: r.importId,
    state: r.state,
    rowsRead: r.rowsRead,
    rowsStored: r.rowsStored,
    errorCount: r.errorCount,
    createdAt: isoTime(r.createdAt),
    updatedAt: isoTime(r.updatedAt),
    report: r.report ?? null,
    failure: r.failure ? { code: r.failure.reason, message: r.failure.message } : null,
  };
}

interface ContactBody {
  mobile: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  vip?: boolean;
  labels?: Array<{ name: string; value: string | number }>;
}

const contactBody = {
  type: 'object',
  additionalProperties: false,
  required: ['mobile'],
  properties: {
    mobile: { type: 'string', minLength: 1, maxLength: 40 },
    firstName: { type: 'string', maxLength: 100 },
    lastName: { type: 'string', maxLength: 100 },
    email: { type: 'string', maxLength: 200 },
    vip: { type: 'boolean' },
    labels: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'value'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          value: { type: ['string', 'number'], maxLength: 1000 },
        },
      },
    },
  },
} as const;

type SearchQuery = PageQuery & { search?: string; group?: string; blacklistedFor?: BlacklistService };

export function consoleContactRoutes(ctx: ServiceContext, auth: preHandlerAsyncHookHandler) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Contacts'];
    app.get<{ Querystring: SearchQuery }>(
      '/console/api/contacts',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'The account’s contacts: by number prefix or name, in a group, on a blacklist',
          querystring: {
            ...pageQuery,
            properties: {
              ...pageQuery.properties,
              search: {
                type: 'string',
                maxLength: 100,
                description: 'A number prefix, or text in the names or e-mail',
              },
              group: { type: 'string', minLength: 1, maxLength: 100 },
              blacklistedFor: { type: 'string', enum: [...BLACKLIST_SERVICES] },
            },
          },
        },
      },
      async (request) => {
        const { search, group, blacklistedFor, ...q } = request.query;
        const p = await searchContacts(ctx, request.account, { term: search, group, blacklistedFor }, q);
        return pageView(p.items.map(contactView), p.total, q);
      },
    );

    app.post<{ Body: ContactBody }>(
      '/console/api/contacts',
      { preHandler: auth, schema: { tags, summary: 'Add a contact', body: contactBody } },
      async (request, reply) =>
        reply.status(201).send(contactView(await createContact(ctx, request.account, request.body))),
    );

    app.put<{ Params: { id: string }; Body: ContactBody }>(
      '/console/api/contacts/:id',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Change a contact (every field; labels replaced)',
          params: idParams,
          body: contactBody,
        },
      },
      async (request) =>
        contactView(await updateContact(ctx, request.account, request.params.id, request.body)),
    );

    app.delete<{ Params: { id: string } }>(
      '/console/api/contacts/:id',
      { preHandler: auth, schema: { tags, summary: 'Delete a contact', params: idParams } },
      async (request, reply) => {
        await deleteContact(ctx, request.account, request.params.id);
        return reply.status(204).send();
      },
    );

    app.post<{ Body: { csv: string; group?: string; updateExisting?: boolean } }>(
      '/console/api/contacts/imports',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Start a CSV import (mobile, firstName, lastName, email, vip and label columns)',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['csv'],
            properties: {
              csv: { type: 'string', minLength: 1, description: 'The file’s text' },
              group: { type: 'string', minLength: 2, maxLength: 30 },
              updateExisting: { type: 'boolean' },
            },
          },
        },
      },
      async (request, reply) => {
        const { csv, group, updateExisting } = request.body;
        const { importId, done } = await startContactImport(ctx, request.account, csv, {
          ...(group !== undefined && { group }),
          updateExisting: updateExisting ?? false,
        });
        done.catch(() => undefined); // a failure is on the import's record
        return reply.status(202).send(importView(await getImport(ctx, request.account, importId)));
      },
    );

    app.get<{ Params: { id: string } }>(
      '/console/api/contacts/imports/:id',
      { preHandler: auth, schema: { tags, summary: 'An import’s progress and report', params: idParams } },
      async (request) => importView(await getImport(ctx, request.account, request.params.id)),
    );
  };
}
