/**
 * The OpenAPI documents: one per face at /openapi/{routee,octopush,console}.json, each valid OpenAPI
 * 3.1 (checked by an independent validator, @seriousme/openapi-schema-validator), each holding only
 * its own face's paths, with the schemas the routes validate with; and the docs page served locally.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';

describe('OpenAPI documents', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startTestHerald('sqlite');
  });
  afterAll(async () => h?.close());

  const documentOf = async (name: string) => {
    const res = await h.call('GET', `/openapi/${name}.json`);
    expect(res.status).toBe(200);
    return res.body as {
      openapi: string;
      paths: Record<string, Record<string, any>>;
      info: { title: string };
    };
  };

  for (const name of ['routee', 'octopush', 'console']) {
    it(`${name}.json is a valid OpenAPI 3.1 document`, async () => {
      const doc = await documentOf(name);
      expect(doc.openapi).toBe('3.1.0');
      const result = await new Validator().validate(doc as never);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
    });
  }

  it('each document holds only its face’s paths', async () => {
    const routee = Object.keys((await documentOf('routee')).paths);
    const octopush = Object.keys((await documentOf('octopush')).paths);
    const consoleApi = Object.keys((await documentOf('console')).paths);
    expect(routee).toEqual(
      expect.arrayContaining(['/sms', '/sms/campaign', '/oauth/token', '/reports/my/volPrice']),
    );
    expect(
      routee.some((p) => p.startsWith('/v1/') || p.startsWith('/console') || p.startsWith('/admin')),
    ).toBe(false);
    expect(octopush).toEqual(
      expect.arrayContaining(['/v1/public/sms-campaign/send', '/v1/public/wallet/check-balance']),
    );
    expect(octopush.every((p) => p.startsWith('/v1/public/'))).toBe(true);
    expect(consoleApi).toEqual(
      expect.arrayContaining(['/console/api/campaigns', '/console/api/campaigns/{id}']),
    );
    expect(consoleApi.every((p) => p.startsWith('/console/api/'))).toBe(true);
  });

  it('documents the console’s request schemas, the ones that validate', async () => {
    const doc = await documentOf('console');
    const create = doc.paths['/console/api/campaigns']!.post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['from', 'body']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.scheduledDate).toMatchObject({ type: 'string', format: 'date-time' });
  });

  it('documents the Routee and Octopush requests with their lenient types', async () => {
    const routee = await documentOf('routee');
    const sms = routee.paths['/sms']!.post.requestBody.content['application/json'].schema;
    expect(sms.properties.flash.type).toEqual(['boolean', 'string', 'integer', 'null']);
    expect(sms.properties.ttl.type).toEqual(['number', 'string', 'null']);
    expect(sms.additionalProperties).toBeUndefined(); // unknown keys are ignored
    const campaign = routee.paths['/sms/campaign']!.post.requestBody.content['application/json'].schema;
    expect(campaign.properties.scheduledDate.description).toMatch(/Unix epoch seconds/);
    expect(routee.paths['/reports/my/volPrice']!.get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['startDate', 'endDate']),
    );
    expect(routee.paths['/oauth/token']!.post.security).toEqual([]);
    const octopush = await documentOf('octopush');
    const send =
      octopush.paths['/v1/public/sms-campaign/send']!.post.requestBody.content['application/json'].schema;
    expect(Object.keys(send.properties)).toEqual(
      expect.arrayContaining(['text', 'recipients', 'sender', 'send_at']),
    );
  });

  it('every route of every face has a summary, and the contact, voice and list requests their fields', async () => {
    for (const name of ['routee', 'octopush', 'console']) {
      const doc = await documentOf(name);
      const missing = Object.entries(
        doc.paths as Record<string, Record<string, { summary?: string }>>,
      ).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([method, op]) => method !== 'head' && !op.summary)
          .map(([method]) => `${method} ${path}`),
      );
      expect(missing, name).toEqual([]);
    }
    const routee = await documentOf('routee');
    const body = (path: string, method = 'post') =>
      routee.paths[path]![method].requestBody.content['application/json'].schema;
    expect(Object.keys(body('/voice/campaign').properties)).toEqual(
      expect.arrayContaining(['from', 'to', 'message', 'fileURL', 'scheduledDate', 'collectDtmfDigits']),
    );
    expect(body('/voice/campaign').properties.hangupDelay.type).toEqual(['number', 'string', 'null']);
    expect(Object.keys(body('/contacts/my').properties)).toEqual(
      expect.arrayContaining(['mobile', 'firstName', 'labels', 'vip']),
    );
    expect(Object.keys(body('/contacts/my/{id}', 'put').properties)).toContain('mobile');
    expect(Object.keys(body('/groups/my').properties)).toEqual(['name', 'strategy', 'filters']);
    const octopush = await documentOf('octopush');
    expect(
      Object.keys(
        octopush.paths['/v1/public/contact/create']!.post.requestBody.content['application/json'].schema
          .properties,
      ),
    ).toEqual(['list_name', 'contacts', 'do_not_overwrite']);
    expect(
      octopush.paths['/v1/public/wallet/check-balance']!.get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(['product_name', 'country_code', 'with_details']);
  });

  it('a schema’s refusal comes in the face’s envelope', async () => {
    const token = await h.token();
    const routee = await h.call('POST', '/sms', {
      token,
      json: { from: 'Herald', to: '+33612345678', body: 'hi', callback: 'not an object' },
    });
    expect(routee.status).toBe(400);
    expect(routee.body).toMatchObject({ code: '400000000', properties: { callback: expect.any(String) } });
    // What the reader accepts, the schema lets through (booleans and numbers as strings).
    const lenient = await h.call('POST', '/sms', {
      token,
      json: { from: 'Herald', to: '+33612345678', body: 'hi', flash: 'true', ttl: '60', unknownKey: 1 },
    });
    expect(lenient.status).toBe(200);
  });

  it('serves the docs page from Herald itself', async () => {
    const page = await h.call('GET', '/openapi/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
    const initializer = await h.call('GET', '/openapi/static/swagger-initializer.js');
    expect(initializer.status).toBe(200);
    expect(initializer.text).toContain('/openapi/routee.json');
  });
});
