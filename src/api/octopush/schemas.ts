/**
 * JSON Schemas of the Octopush v1 face's requests, for Fastify's validation and the OpenAPI
 * document. Like Routee's (src/api/routee/schemas.ts) they are a superset of what the face's readers
 * accept: scalars also as strings, `null` allowed, unknown keys ignored, no top-level type and no
 * `required` list, so the reader keeps Octopush's error codes.
 */
const text = (description: string) => ({ type: ['string', 'number', 'null'], description }) as const;
const flag = (description: string) =>
  ({
    type: ['boolean', 'string', 'integer', 'null'],
    description: `${description} (true/false, also as a string)`,
  }) as const;

/** POST /v1/public/sms-campaign/send. */
export const sendBody = {
  properties: {
    text: text('Required. Message text (up to 1,224 characters)'),
    recipients: {
      type: ['array', 'null'],
      description: 'Required. Recipients: {phone_number, first_name?, last_name?, param1..3?} or a number',
      items: {
        type: ['object', 'string', 'number'],
        properties: {
          phone_number: text('E.164 number'),
          first_name: text('{first_name} in the text'),
          last_name: text('{last_name} in the text'),
          param1: text('{param1} in the text'),
          param2: text('{param2} in the text'),
          param3: text('{param3} in the text'),
        },
      },
    },
    sender: text('Sender id (3–11 characters) or number'),
    send_at: text('When to send: ISO 8601 (default: now)'),
    purpose: text('alert or wholesale (default; marketing to France needs "STOP au")'),
    type: text('sms_premium (default) or sms_low_cost'),
    with_replies: flag('Receive replies'),
    simulation_mode: flag('Check and price only'),
    request_id: text('De-duplication key (24 hours)'),
    auto_optimize_text: flag('Replace Unicode look-alikes by GSM characters (default true)'),
    recipient_tracking: flag('Track each recipient'),
    list_name: text('Also put the recipients in this contact list'),
    auto_delete_optout_contacts: flag('Take opted-out contacts off that list'),
  },
} as const;
