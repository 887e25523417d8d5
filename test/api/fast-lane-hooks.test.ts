/**
 * The fast lane skips Fastify's hooks, so a global request hook must not silently miss `POST /sms`:
 * with `httpFastLane: auto` (the default) a plugin's global hook turns the lane off and the hook sees
 * every request; with `true` Herald refuses to start; a hook of an encapsulated plugin (its own
 * routes only) and Herald's own hooks, which the lane mirrors (metrics), leave it on.
 */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config.js';
import { startTestHerald } from '../helpers/herald.js';

const sms = { from: 'Herald', to: '+306912345678', body: 'hooked' };

/** A plugin that adds a global onRequest hook (skip-override, as fastify-plugin makes it), counting paths. */
function globalHook(seen: string[]) {
  const plugin = async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      seen.push(`${request.method} ${request.url}`);
    });
  };
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}

describe('fast lane and global hooks', () => {
  it('is auto by default and on while only Herald’s own hooks are registered', async () => {
    expect(DEFAULT_CONFIG.httpFastLane).toBe('auto');
    const h = await startTestHerald();
    try {
      const token = await h.token();
      expect((await h.call('POST', '/sms', { token, json: sms })).status).toBe(200);
      expect(h.herald.app.fastLane).not.toBeNull();
      expect(h.herald.app.fastLane!.counters.answered).toBeGreaterThanOrEqual(1);
    } finally {
      await h.close();
    }
  });

  it('turns off under auto when a plugin adds a global hook, which then sees POST /sms', async () => {
    const seen: string[] = [];
    const h = await startTestHerald('sqlite', { plugins: [globalHook(seen)] });
    try {
      const token = await h.token();
      expect((await h.call('POST', '/sms', { token, json: sms })).status).toBe(200);
      expect(h.herald.app.fastLane).toBeNull();
      expect(seen).toContain('POST /sms');
    } finally {
      await h.close();
    }
  });

  it('stays on for a hook of an encapsulated plugin, which applies to its own routes only', async () => {
    const seen: string[] = [];
    const own = async (app: FastifyInstance) => {
      app.addHook('onRequest', async (request) => {
        seen.push(request.url);
      });
      app.get('/own', async () => ({ ok: true }));
    };
    const h = await startTestHerald('sqlite', { plugins: [own] });
    try {
      const token = await h.token();
      expect((await h.call('POST', '/sms', { token, json: sms })).status).toBe(200);
      expect((await h.call('GET', '/own')).status).toBe(200);
      expect(h.herald.app.fastLane).not.toBeNull();
      expect(seen).toEqual(['/own']);
    } finally {
      await h.close();
    }
  });

  it('refuses to start when the lane is required (true) and a global hook would miss it', async () => {
    await expect(
      startTestHerald('sqlite', { config: { httpFastLane: true }, plugins: [globalHook([])] }),
    ).rejects.toThrow(/httpFastLane is true but global onRequest hook\(s\) are registered/);
  });

  it('never runs when false', async () => {
    const h = await startTestHerald('sqlite', { config: { httpFastLane: false } });
    try {
      expect(h.herald.app.fastLane).toBeNull();
    } finally {
      await h.close();
    }
  });
});
