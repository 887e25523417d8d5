/** A mobile-originated message as a link hands it over: what the engine passes to the inbound use case. */
export interface InboundSms {
  linkId: string;
  /** The handset's number, with or without '+'. */
  from: string;
  /** The number or short code it wrote to. */
  to: string;
  text: string;
}
