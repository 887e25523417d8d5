/**
 * SMPP behind the carrier contract (src/carriers/carrier.ts): a configured link opens one transceiver
 * bind or a transmitter/receiver pair; a part becomes a submit_sm (UDH or SAR, data_coding, validity,
 * restriction TLVs: submit-pdu.ts) and the SMPP command status of a refusal becomes Herald's detailed
 * status here, so that the engine knows no SMPP.
 */
import type {
  CarrierLink,
  LinkConfig,
  LinkEvents,
  LinkRouting,
  OutboundPart,
  SendOutcome,
  SmsCarrier,
} from '../carrier.js';
import type { Logger } from '../../logger.js';
import { SmppLink, type SubmitOutcome } from './link.js';
import { parseStoredLinks, type SmppLinkConfig } from './link-config.js';
import { submitSmFields } from './submit-pdu.js';
import { STATUS } from '../../protocols/smpp/ids.js';

/** A refusal's command status in Herald's terms: an unknown destination, or else a carrier violation. */
export function refusalOf(commandStatus: number): { detailedStatus: string; error: string } {
  return {
    detailedStatus: commandStatus === STATUS.ESME_RINVDSTADR ? 'Unknown Number' : 'Carrier Violation',
    error: `submit_sm refused with status 0x${commandStatus.toString(16)}`,
  };
}

/** An SMPP link's submit outcome in the contract's terms. */
export function sendOutcomeOf(outcome: SubmitOutcome): SendOutcome {
  switch (outcome.kind) {
    case 'accepted':
      return { kind: 'accepted', carrierMessageId: outcome.messageId };
    case 'rejected':
      return { kind: 'refused', permanent: outcome.permanent, ...refusalOf(outcome.status) };
    case 'throttled':
      return outcome;
    case 'unavailable':
      return outcome;
  }
}

/** One bind as a carrier link. */
class SmppCarrierLink implements CarrierLink {
  constructor(readonly link: SmppLink) {}

  get id(): string {
    return this.link.id;
  }
  get state(): string {
    return this.link.state;
  }
  get isBound(): boolean {
    return this.link.isBound;
  }
  get window(): number {
    return this.link.config.role === 'receiver' ? 0 : this.link.config.window;
  }
  get freeWindow(): number {
    return this.link.freeWindow;
  }
  get counters(): Readonly<Record<string, number>> {
    return this.link.counters;
  }

  async send(part: OutboundPart): Promise<SendOutcome> {
    const c = this.link.config;
    return sendOutcomeOf(await this.link.submit(submitSmFields(part, c.concatenation, c.restrictionTlvs)));
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}

export const smppCarrier: SmsCarrier = {
  routing(config: LinkConfig): LinkRouting {
    const c = config as SmppLinkConfig;
    return { prefixes: c.prefixes, countries: c.countries, priority: c.priority };
  },

  open(config: LinkConfig, logger: Logger, events: LinkEvents): CarrierLink[] {
    const c = config as SmppLinkConfig;
    // A pair is two binds under one ownership: the transmitter (id) and the receiver (id:rx).
    const halves: SmppLinkConfig[] =
      c.bindMode === 'pair'
        ? [
            { ...c, role: 'transmitter' },
            { ...c, id: `${c.id}:rx`, role: 'receiver' },
          ]
        : [c];
    return halves.map((half) => {
      const link = new SmppLink(half, logger);
      link.onDeliver = (d) => events.inbound(d);
      link.on('up', () => events.up());
      return new SmppCarrierLink(link);
    });
  },

  parseStored: parseStoredLinks,
};
