/**
 * The engine's hooks as this build composes them: the faces' callback formats, the inbound use case and SMPP
 * (src/engine/runtime/engine-hooks.ts). A module of its own so that the engine's worker thread can import it by
 * URL (ENGINE_HOOKS_MODULE) and the main thread hand the same object to an engine it runs itself.
 */
import { callbackRenderers } from './api/callback-renderers.js';
import { sipCarrier } from './carriers/sip/sip-carrier.js';
import { smppCarrier } from './carriers/smpp/smpp-carrier.js';
import type { EngineHooks } from './engine/runtime/engine-hooks.js';
import { receiveInbound } from './services/inbound.js';

export const engineHooks: EngineHooks = {
  callbacks: callbackRenderers,
  receiveInbound: (store, tz, mo, now) => receiveInbound(store, tz, mo, now, callbackRenderers),
  smsCarrier: smppCarrier,
  voiceCarrier: sipCarrier,
};

/** Where the engine's worker thread imports `engineHooks` from. */
export const ENGINE_HOOKS_MODULE = import.meta.url;
