/**
 * What the engine is handed at start instead of importing it: the callbacks' formats (the API faces'),
 * the inbound use case (the services') and the carriers that run its links and trunks (SMPP:
 * carriers/smpp/smpp-carrier.ts; SIP: carriers/sip/sip-carrier.ts). The composition root builds them (src/engine-hooks.ts);
 * the engine's worker thread imports that module by the URL it is given. So `engine/` imports neither
 * `api/` nor `services/`, and a face or a use case changes without the engine.
 */
import type { SmsCarrier, VoiceCarrier } from '../../carriers/carrier.js';
import type { CallbackRenderers } from '../../domain/callback-events.js';
import type { InboundSms } from '../../domain/inbound-sms.js';
import type { TimezoneIndex } from '../../domain/phone.js';
import type { Store } from '../../store/database.js';

export interface EngineHooks {
  callbacks: CallbackRenderers;
  /** Stores a mobile-originated message and what follows from it (opt-out, callbacks). */
  receiveInbound(store: Store, tz: TimezoneIndex, mo: InboundSms, now: number): Promise<unknown>;
  /** Runs the links: the engine hands it parts in domain terms (src/carriers/carrier.ts). */
  smsCarrier: SmsCarrier;
  /** Places the calls of voice campaigns. */
  voiceCarrier: VoiceCarrier;
}
