/**
 * Which face writes each callback: Routee's formats for part statuses, campaigns and voice calls (the
 * events its API subscribes to), Octopush's for whole-message outcomes (the OnMessageCompletion
 * strategy its sends use), inbound messages and opt-outs (its campaign parameters). The composition
 * root hands this to the services and, with the inbound use case, to the engine (src/engine-hooks.ts),
 * so the engine never imports a face. A new face that wants an event in its own format
 * adds its strategy or setting and its renderer here.
 */
import type { CallbackRenderers } from '../domain/callback-events.js';
import {
  octopushAccountTargets,
  octopushDeliveryPayload,
  octopushInboundPayload,
  octopushOptOutPayload,
} from './octopush/callbacks.js';
import {
  campaignCallbackPayload,
  poolInboundCallbackPayload,
  smsCallbackPayload,
  voiceCallbackPayload,
} from './routee/callbacks.js';

export const callbackRenderers: CallbackRenderers = {
  partStatus: smsCallbackPayload,
  messageOutcome: octopushDeliveryPayload,
  campaignState: campaignCallbackPayload,
  voiceCall: voiceCallbackPayload,
  inbound: octopushInboundPayload,
  optOut: octopushOptOutPayload,
  poolInbound: poolInboundCallbackPayload,
  accountTargets: octopushAccountTargets,
};
