/**
 * The engine's hooks as this build composes them: the faces' callback formats and the inbound use case
 * (src/engine/engine-hooks.ts). A module of its own so that the engine's worker thread can import it by
 * URL (ENGINE_HOOKS_MODULE) and the main thread hand the same object to an engine it runs itself.
 */
import { callbackRenderers } from './api/callback-renderers.js';
import type { EngineHooks } from './engine/engine-hooks.js';
import { receiveInbound } from './services/inbound.js';

export const engineHooks: EngineHooks = {
  callbacks: callbackRenderers,
  receiveInbound: (store, tz, mo, now) => receiveInbound(store, tz, mo, now, callbackRenderers),
};

/** Where the engine's worker thread imports `engineHooks` from. */
export const ENGINE_HOOKS_MODULE = import.meta.url;
