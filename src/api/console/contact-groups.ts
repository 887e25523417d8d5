/**
 * The console's routes for what contacts are sorted by: groups (create, delete, add and remove
 * members), labels (list, declare), and a service's blacklist (add or remove contacts).
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import {
  addToBlacklist,
  BLACKLIST_SERVICES,
  type BlacklistService,
  removeFromBlacklist,
} from '../../services/blacklist.js';
import { createLabels, listLabels } from '../../services/contacts.js';
import type { ServiceContext } from '../../services/context.js';
import {
  addContactsToGroup,
  createGroup,
  deleteGroups,
  removeContactsFromGroup,
} from '../../services/groups.js';

const MAX_IDS = 1000;

const groupParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

const idsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: {
    ids: { type: 'array', minItems: 1, maxItems: MAX_IDS, items: { type: 'string', maxLength: 100 } },
  },
} as const;

export function consoleContactGroupRoutes(ctx: ServiceContext, auth: preHandlerAsyncHookHandler) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Contacts'];
    type GroupParams = { Params: { name: string } };

    app.post<{ Body: { name: string } }>(
      '/console/api/groups',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Create an empty group',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: { name: { type: 'string', maxLength: 100 } },
          },
        },
      },
      async (request, reply) => reply.status(201).send(await createGroup(ctx, request.account, request.body)),
    );

    app.delete<GroupParams>(
      '/console/api/groups/:name',
      {
        preHandler: auth,
        schema: { tags, summary: 'Delete a group (its contacts stay)', params: groupParams },
      },
      async (request, reply) => {
        await deleteGroups(ctx, request.account, [request.params.name], false);
        return reply.status(204).send();
      },
    );

    app.post<GroupParams & { Body: { ids: string[] } }>(
      '/console/api/groups/:name/members',
      {
        preHandler: auth,
        schema: { tags, summary: 'Add contacts to a group', params: groupParams, body: idsBody },
      },
      async (request) => addContactsToGroup(ctx, request.account, request.params.name, request.body.ids),
    );

    app.post<GroupParams & { Body: { ids: string[] } }>(
      '/console/api/groups/:name/members/remove',
      {
        preHandler: auth,
        schema: { tags, summary: 'Take contacts out of a group', params: groupParams, body: idsBody },
      },
      async (request) => removeContactsFromGroup(ctx, request.account, request.params.name, request.body.ids),
    );

    app.get(
      '/console/api/labels',
      {
        preHandler: auth,
        schema: { tags, summary: 'Contact labels: the standard fields and those declared' },
      },
      async (request) => listLabels(ctx, request.account),
    );

    app.post<{ Body: { name: string; type: string } }>(
      '/console/api/labels',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Declare a label (latin letters and digits; Text or Number)',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'type'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 50 },
              type: { type: 'string', enum: ['Text', 'Number'] },
            },
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send((await createLabels(ctx, request.account, [request.body]))[0]),
    );

    app.post<{ Body: { service: BlacklistService; ids: string[]; blacklisted: boolean } }>(
      '/console/api/blacklists',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: "Put contacts on a service's blacklist, or take them off",
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['service', 'ids', 'blacklisted'],
            properties: {
              service: { type: 'string', enum: [...BLACKLIST_SERVICES] },
              ids: idsBody.properties.ids,
              blacklisted: { type: 'boolean' },
            },
          },
        },
      },
      async (request) => {
        const { service, ids, blacklisted } = request.body;
        return blacklisted
          ? addToBlacklist(ctx, request.account, service, ids)
          : removeFromBlacklist(ctx, request.account, service, ids);
      },
    );
  };
}
