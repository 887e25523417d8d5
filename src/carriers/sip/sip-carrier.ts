/**
 * SIP behind the voice carrier contract (src/carriers/carrier.ts): a trunk is a SIP user agent
 * client; a call is signalled through it with its prompt streamed as RTP on one media clock shared
 * by the trunks, and digits collected (src/voice/call.ts). SIP's final code is kept as the carrier's.
 */
import type { CallOutcome, CallRequest, TrunkConfig, VoiceCarrier, VoiceLine } from '../carrier.js';
import { placeCall } from '../../voice/call.js';
import { MediaClock } from '../../voice/media-clock.js';
import { parseStoredTrunks } from './trunk-config.js';
import { SipUac, type TrunkConfig as SipTrunkConfig } from './uac.js';

/** A SIP trunk's configuration: the contract's, and where and how to reach it. */
export type SipTrunk = TrunkConfig & SipTrunkConfig;

/** One pacing loop for every call's RTP (it runs only while streams are playing). */
const clock = new MediaClock();

export const sipCarrier: VoiceCarrier = {
  async open(trunk: TrunkConfig, mediaHost: string): Promise<VoiceLine> {
    const uac = new SipUac(trunk as SipTrunk, { host: mediaHost, port: 0 });
    await uac.start();
    return {
      async call(request: CallRequest): Promise<CallOutcome> {
        const r = await placeCall(uac, clock, { ...request, mediaHost });
        return {
          status: r.status,
          answeredAt: r.answeredAt,
          durationMs: r.durationMs,
          digits: r.digits,
          carrierStatus: r.sipStatus ?? null,
        };
      },
      stop: () => uac.stop(),
    };
  },

  parseStored: parseStoredTrunks,
};
