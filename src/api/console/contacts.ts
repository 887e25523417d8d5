/**
 * The console's contact routes: a page of contacts, adding one, and a CSV import that runs in the
 * background while the page follows its progress (rows read and stored, errors per row).
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { getImport, type ImportRecord, startContactImport } from '../../services/contact-import.js';
import { type ContactRecord, createContact, listContacts } from '../../services/contacts.js';
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

interface NewContact {
  mobile: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  vip?: boolean;
}

export function consoleContactRoutes(ctx: ServiceContext, auth: preHandlerAsyncHookHandler) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Contacts'];
    app.get<{ Querystring: PageQuery }>(
      '/console/api/contacts',
      { preHandler: auth, schema: { tags, summary: 'The account’s contacts', querystring: pageQuery } },
      async (request) => {
        const p = await listContacts(ctx, request.account, request.query);
        return pageView(p.items.map(contactView), p.total, request.query);
      },
    );

    app.post<{ Body: NewContact }>(
      '/console/api/contacts',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Add a contact',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['mobile'],
            properties: {
              mobile: { type: 'string', minLength: 1, maxLength: 40 },
              firstName: { type: 'string', maxLength: 100 },
              lastName: { type: 'string', maxLength: 100 },
              email: { type: 'string', maxLength: 200 },
              vip: { type: 'boolean' },
            },
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(contactView(await createContact(ctx, request.account, request.body))),
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
