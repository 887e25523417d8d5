/**
 * SMPP 3.4's numbers, written once: command ids (§5.1.2.1), the TLV tags Herald reads and writes
 * (§5.3.2) and the command statuses it acts on (§5.1.3). The first module of Herald's own SMPP
 * protocol code (design.md: `protocols/smpp`, shared by the operator link and the coming SMPP server);
 * the encoder and reader in `carriers/smpp/` take their numbers from here.
 */

/** Command ids; a response's id is its request's with the high bit set. */
export const COMMAND = {
  generic_nack: 0x80000000,
  bind_receiver: 0x00000001,
  bind_receiver_resp: 0x80000001,
  bind_transmitter: 0x00000002,
  bind_transmitter_resp: 0x80000002,
  submit_sm: 0x00000004,
  submit_sm_resp: 0x80000004,
  submit_multi: 0x00000021,
  submit_multi_resp: 0x80000021,
  deliver_sm: 0x00000005,
  deliver_sm_resp: 0x80000005,
  unbind: 0x00000006,
  unbind_resp: 0x80000006,
  bind_transceiver: 0x00000009,
  bind_transceiver_resp: 0x80000009,
  enquire_link: 0x00000015,
  enquire_link_resp: 0x80000015,
  data_sm: 0x00000103,
  data_sm_resp: 0x80000103,
} as const;

/** TLV tags. */
export const TLV = {
  receipted_message_id: 0x001e,
  sar_msg_ref_num: 0x020c,
  sar_total_segments: 0x020e,
  sar_segment_seqnum: 0x020f,
  network_error_code: 0x0423,
  message_payload: 0x0424,
  message_state: 0x0427,
} as const;

/** The range SMPP 3.4 leaves to vendors (§5.3.2): Herald writes regulatory ids there. */
export const VENDOR_TLV_RANGE = { from: 0x1400, to: 0x3fff } as const;

/** Command statuses. */
export const STATUS = {
  ESME_ROK: 0x00000000,
  ESME_RINVMSGLEN: 0x00000001,
  ESME_RINVCMDLEN: 0x00000002,
  ESME_RINVCMDID: 0x00000003,
  ESME_RINVBNDSTS: 0x00000004,
  ESME_RALYBND: 0x00000005,
  ESME_RSYSERR: 0x00000008,
  ESME_RINVSRCADR: 0x0000000a,
  ESME_RINVDSTADR: 0x0000000b,
  ESME_RBINDFAIL: 0x0000000d,
  ESME_RINVPASWD: 0x0000000e,
  ESME_RINVSYSID: 0x0000000f,
  ESME_RMSGQFUL: 0x00000014,
  ESME_RINVNUMDESTS: 0x00000033,
  ESME_RINVDLNAME: 0x00000034,
  ESME_RINVDESTFLAG: 0x00000040,
  ESME_RINVESMCLASS: 0x00000043,
  ESME_RINVSCHED: 0x00000061,
  ESME_RINVEXPIRY: 0x00000062,
  ESME_RSUBMITFAIL: 0x00000045,
  ESME_RTHROTTLED: 0x00000058,
  ESME_RINVPARLEN: 0x000000c2,
  ESME_RX_T_APPN: 0x00000064,
} as const;

/** esm_class bits: a delivery receipt (§5.2.12), a UDH in the short message. */
export const ESM_CLASS = { receipt: 0x04, udhi: 0x40 } as const;
