/** Routee contacts, labels, groups and blacklists (`/contacts/my...`, `/groups/my...`). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  addToBlacklist,
  blacklistGroups,
  blacklistService,
  listBlacklist,
  removeFromBlacklist,
  unblacklistGroups,
} from '../../services/blacklist.js';
import {
  type ContactInput,
  contactNotFound,
  createContact,
  createLabels,
  deleteContact,
  deleteContacts,
  findContactByMobile,
  getContact,
  listContacts,
  listLabels,
  updateContact,
} from '../../services/contacts.js';
import {
  getImport,
  importContactsCsv,
  listImports,
  startContactImport,
} from '../../services/contact-import.js';
import type { ServiceContext } from '../../services/context.js';
import { contactBody, groupBody, groupCombinationBody, pageQuery } from './schemas.js';
import { validationError } from '../../services/errors.js';
import {
  addContactsToGroup,
  combineGroups,
  createGroup,
  deleteGroups,
  getGroup,
  groupContactsPage,
  groupsPage,
  listGroups,
  removeContactsFromGroup,
} from '../../services/groups.js';
import { type RouteeAuth, requireScope } from './auth.js';
import { routeeImportReport, routeeImportView } from './import-views.js';
import { asObject, Fields, parseBooleanValue, readPage } from './input.js';
import { springPage } from './paging.js';
import { contactView } from './contact-views.js';
import { mapPage } from '../../services/paging.js';

export function readContactInput(body: unknown): ContactInput {
  const f = new Fields(asObject(body));
  const input: ContactInput = { mobile: f.string('mobile', { required: true }) ?? '' };
  const firstName = f.string('firstName');
  const lastName = f.string('lastName');
  const email = f.string('email');
  const vip = f.boolean('vip');
  const raw = f.obj.labels;
  f.done();
  if (firstName !== undefined) input.firstName = firstName;
  if (lastName !== undefined) input.lastName = lastName;
  if (email !== undefined) input.email = email;
  if (vip !== undefined) input.vip = vip;
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) throw validationError({ labels: 'must be an array of {name, value}' });
    input.labels = raw.map((l, i) => {
      const o = l && typeof l === 'object' ? (l as Record<string, unknown>) : {};
      if (typeof o.name !== 'string' || o.name === '')
        throw validationError({ [`labels[${i}].name`]: 'may not be empty' });
      return { name: o.name, value: o.value };
    });
  }
  return input;
}

/**
 * A list of ids or names as clients send it: a JSON array of strings, an array of `{id}` (Java SDK),
 * or an object holding the array under `key` (MindCloud docs).
 */
export function readIdList(body: unknown, key: string): string[] {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as Record<string, unknown>)[key])
      ? ((body as Record<string, unknown>)[key] as unknown[])
      : null;
  if (list === null) throw validationError({ body: `must be an array of ${key}` });
  return list.map((x, i) => {
    if (typeof x === 'string' && x !== '') return x;
    if (typeof x === 'number') return String(x);
    const o = x && typeof x === 'object' ? (x as Record<string, unknown>) : {};
    const v = o.id ?? o.name;
    if (typeof v === 'string' && v !== '') return v;
    throw validationError({ [`[${i}]`]: 'must be a string' });
  });
}

export function contactRoutes(ctx: ServiceContext, auth: RouteeAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    const contact = requireScope(auth, ['contact']);
    const tags = ['Contacts'];
    type IdParams = { Params: { id: string } };
    type NameParams = { Params: { name: string } };
    type ServiceParams = { Params: { service: string } };

    app.post(
      '/contacts/my',
      { preHandler: contact, schema: { tags, summary: 'Create a contact', body: contactBody } },
      async (request) =>
        contactView(await createContact(ctx, request.account, readContactInput(request.body))),
    );
    app.get(
      '/contacts/my',
      {
        preHandler: contact,
        schema: { tags, summary: 'The contacts, a page at a time', querystring: pageQuery },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const page = readPage(f);
        f.done();
        return springPage(mapPage(await listContacts(ctx, request.account, page), contactView));
      },
    );
    app.delete(
      '/contacts/my',
      { preHandler: contact, schema: { tags, summary: 'Delete contacts (body: an array of ids)' } },
      async (request) => deleteContacts(ctx, request.account, readIdList(request.body, 'contacts')),
    );
    // Exists-by-mobile: HEAD (C#, Ruby SDKs; Fastify answers HEAD from the GET route) or GET (Java SDK).
    const byMobile = async (request: FastifyRequest) => {
      const f = new Fields(request.query as Record<string, unknown>);
      const value = f.string('value', { required: true }) ?? '';
      f.done();
      const found = await findContactByMobile(ctx, request.account, value);
      if (!found) throw contactNotFound(value);
      return contactView(await getContact(ctx, request.account, found.id));
    };
    app.get(
      '/contacts/my/mobile',
      {
        preHandler: contact,
        schema: {
          tags,
          summary: 'The contact with a mobile (GET or HEAD)',
          querystring: {
            properties: { value: { type: ['string', 'number'], description: 'Required. The mobile' } },
          },
        },
      },
      byMobile,
    );
    app.post(
      '/contacts/my/import',
      {
        preHandler: contact,
        schema: {
          tags,
          summary: 'Import contacts from CSV text (async=true: in the background)',
          querystring: {
            properties: {
              group: { type: ['string', 'null'] },
              update: { type: ['boolean', 'string', 'null'] },
              async: { type: ['boolean', 'string', 'null'] },
            },
          },
        },
      },
      async (request, reply) => {
        const text =
          typeof request.body === 'string'
            ? request.body
            : Buffer.isBuffer(request.body)
              ? request.body.toString('utf8')
              : null;
        if (text === null) throw validationError({ body: 'must be CSV text (Content-Type: text/csv)' });
        const q = new Fields(request.query as Record<string, unknown>);
        const group = q.string('group');
        const update = q.boolean('update');
        const background = q.boolean('async');
        q.done();
        const options = { ...(group !== undefined && { group }), updateExisting: update ?? false };
        if (!background)
          return routeeImportReport(await importContactsCsv(ctx, request.account, text, options));
        // async=true: 202 at once; the import's resource follows it (GET /contacts/my/imports/{id}).
        const { importId, done } = await startContactImport(ctx, request.account, text, options);
        done.catch(() => undefined); // its failure is on its resource
        return reply.status(202).send(routeeImportView(await getImport(ctx, request.account, importId)));
      },
    );
    app.get(
      '/contacts/my/imports',
      { preHandler: contact, schema: { tags, summary: 'The account’s CSV imports' } },
      async (request) => (await listImports(ctx, request.account)).map(routeeImportView),
    );
    app.get<{ Params: { importId: string } }>(
      '/contacts/my/imports/:importId',
      { preHandler: contact, schema: { tags, summary: 'A CSV import’s progress and report' } },
      async (request) => routeeImportView(await getImport(ctx, request.account, request.params.importId)),
    );
    app.get<IdParams>(
      '/contacts/my/:id',
      { preHandler: contact, schema: { tags, summary: 'A contact' } },
      async (request) => contactView(await getContact(ctx, request.account, request.params.id)),
    );
    app.put<IdParams>(
      '/contacts/my/:id',
      { preHandler: contact, schema: { tags, summary: 'Replace a contact’s fields', body: contactBody } },
      async (request) =>
        contactView(
          await updateContact(ctx, request.account, request.params.id, readContactInput(request.body)),
        ),
    );
    app.delete<IdParams>(
      '/contacts/my/:id',
      { preHandler: contact, schema: { tags, summary: 'Delete a contact' } },
      async (request) => contactView(await deleteContact(ctx, request.account, request.params.id)),
    );

    app.get(
      '/contacts/labels/my',
      { preHandler: contact, schema: { tags, summary: 'Contact labels' } },
      async (request) => listLabels(ctx, request.account),
    );
    app.post(
      '/contacts/labels/my',
      { preHandler: contact, schema: { tags, summary: 'Declare labels (body: [{name, type}])' } },
      async (request) => {
        const body = Array.isArray(request.body) ? request.body : [request.body];
        const labels = body.map((l, i) => {
          const o = l && typeof l === 'object' ? (l as Record<string, unknown>) : {};
          if (typeof o.name !== 'string' || o.name === '')
            throw validationError({ [`[${i}].name`]: 'may not be empty' });
          return { name: o.name, type: typeof o.type === 'string' ? o.type : 'Text' };
        });
        return createLabels(ctx, request.account, labels);
      },
    );

    app.get<ServiceParams>(
      '/contacts/my/blacklist/:service',
      { preHandler: contact, schema: { tags, summary: 'The contacts on a service’s blacklist' } },
      async (request) =>
        (await listBlacklist(ctx, request.account, blacklistService(request.params.service))).map(
          contactView,
        ),
    );
    // Contacts or whole groups on and off a service's blacklist.
    const blacklistChanges = [
      ['post', '/contacts/my/blacklist/:service', 'contacts', addToBlacklist],
      ['delete', '/contacts/my/blacklist/:service', 'contacts', removeFromBlacklist],
      ['post', '/contacts/my/blacklist/:service/groups', 'groups', blacklistGroups],
      ['delete', '/contacts/my/blacklist/:service/groups', 'groups', unblacklistGroups],
    ] as const;
    for (const [method, path, key, change] of blacklistChanges) {
      const summary = `${method === 'post' ? 'Put' : 'Take'} ${key} ${method === 'post' ? 'on' : 'off'} a service’s blacklist (body: an array)`;
      app[method]<ServiceParams>(path, { preHandler: contact, schema: { tags, summary } }, async (request) =>
        change(ctx, request.account, blacklistService(request.params.service), readIdList(request.body, key)),
      );
    }

    app.get(
      '/groups/my',
      { preHandler: contact, schema: { tags, summary: 'Groups and their sizes' } },
      async (request) => listGroups(ctx, request.account),
    );
    app.get(
      '/groups/my/page',
      { preHandler: contact, schema: { tags, summary: 'Groups, a page at a time', querystring: pageQuery } },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const page = readPage(f);
        f.done();
        return springPage(await groupsPage(ctx, request.account, page));
      },
    );
    app.post(
      '/groups/my',
      {
        preHandler: contact,
        schema: { tags, summary: 'Create a group (empty, all contacts or filtered)', body: groupBody },
      },
      async (request) => {
        const f = new Fields(asObject(request.body));
        const name = f.string('name', { required: true }) ?? '';
        const strategy = f.string('strategy');
        const rawFilters = f.obj.filters;
        f.done();
        const filters = Array.isArray(rawFilters)
          ? rawFilters.map((x, i) => {
              const o = x && typeof x === 'object' ? (x as Record<string, unknown>) : {};
              if (
                typeof o.fieldName !== 'string' ||
                (typeof o.searchTerm !== 'string' && typeof o.searchTerm !== 'number')
              )
                throw validationError({ [`filters[${i}]`]: 'a filter is {fieldName, searchTerm}' });
              return { fieldName: o.fieldName, searchTerm: String(o.searchTerm) };
            })
          : [];
        return createGroup(ctx, request.account, {
          name,
          ...(strategy !== undefined && { strategy }),
          filters,
        });
      },
    );
    app.delete(
      '/groups/my',
      { preHandler: contact, schema: { tags, summary: 'Delete groups (body: an array of names)' } },
      async (request) => {
        const q = request.query as Record<string, unknown>;
        const deleteAlso = q.deleteContacts === undefined ? false : parseBooleanValue(q.deleteContacts);
        if (deleteAlso === null) throw validationError({ deleteContacts: 'must be a boolean' });
        return deleteGroups(ctx, request.account, readIdList(request.body, 'groups'), deleteAlso);
      },
    );
    for (const how of ['merge', 'difference'] as const) {
      const summary =
        how === 'merge'
          ? 'A new group of the contacts of several'
          : 'A new group of the first group’s contacts not in the others';
      app.post(
        `/groups/my/${how}`,
        { preHandler: contact, schema: { tags, summary, body: groupCombinationBody } },
        async (request) => {
          const f = new Fields(asObject(request.body));
          const name = f.string('name', { required: true }) ?? '';
          const groups = f.stringArray('groups') ?? [];
          f.done();
          return combineGroups(ctx, request.account, how, { name, groups });
        },
      );
    }
    app.get<NameParams>(
      '/groups/my/:name',
      { preHandler: contact, schema: { tags, summary: 'A group and its size' } },
      async (request) => getGroup(ctx, request.account, request.params.name),
    );
    app.get<NameParams>(
      '/groups/my/:name/contacts',
      {
        preHandler: contact,
        schema: { tags, summary: 'A group’s contacts, a page at a time', querystring: pageQuery },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const page = readPage(f);
        f.done();
        return springPage(
          mapPage(await groupContactsPage(ctx, request.account, request.params.name, page), contactView),
        );
      },
    );
    app.post<NameParams>(
      '/groups/my/:name/contacts',
      { preHandler: contact, schema: { tags, summary: 'Add contacts to a group (body: an array of ids)' } },
      async (request) =>
        addContactsToGroup(ctx, request.account, request.params.name, readIdList(request.body, 'contacts')),
    );
    app.delete<NameParams>(
      '/groups/my/:name/contacts',
      {
        preHandler: contact,
        schema: { tags, summary: 'Take contacts out of a group (body: an array of ids)' },
      },
      async (request) =>
        removeContactsFromGroup(
          ctx,
          request.account,
          request.params.name,
          readIdList(request.body, 'contacts'),
        ),
    );
  };
}
