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

/** A scalar as the face's readers take it: a string, or a number or boolean read as one. */
const scalar = (description: string) =>
  ({ type: ['string', 'number', 'boolean', 'null'], description }) as const;

const recipientList = (description: string) =>
  ({
    type: ['array', 'string', 'number', 'null'],
    description,
    items: sendBody.properties.recipients.items,
  }) as const;

/** POST /v1/public/vocal-campaign/send (and voice-campaign/send). */
export const vocalBody = {
  properties: {
    text: text('Required. What is said'),
    recipients: sendBody.properties.recipients,
    sender: text('Caller number'),
    send_at: text('When to call: ISO 8601 (default: now)'),
    voice_language: text('fr-FR (default), en-GB, en-US, de-DE, es-ES, it-IT…'),
    voice_gender: text('female (default) or male'),
  },
} as const;

/** POST /v1/public/contact-list/create; DELETE contact-list/empty and contact-list/delete. */
export const listBody = {
  properties: { list_name: scalar('Required. The list’s name (up to 30 characters)') },
} as const;

/** POST /v1/public/contact/create. */
export const contactsBody = {
  properties: {
    list_name: scalar('The list the contacts join'),
    contacts: recipientList('Required. Contacts: {phone_number, first_name?, last_name?, param1..3?}'),
    do_not_overwrite: flag('Keep contacts that exist as they are'),
  },
} as const;

/** DELETE /v1/public/contact/delete. */
export const contactDeleteBody = {
  properties: {
    phone_numbers: recipientList('The numbers whose contacts are deleted'),
    contacts: recipientList('Alias of phone_numbers'),
    phone_number: scalar('One number'),
  },
} as const;

/** Campaign tickets: DELETE sms-campaign/cancel, sms-campaign-on-list status, send and cancel. */
export const ticketFields = {
  properties: {
    ticket_number: scalar('The campaign’s ticket'),
    sms_ticket: scalar('Alias of ticket_number'),
  },
} as const;

/** PATCH /v1/public/user/campaign-parameters/edit. */
export const parametersBody = {
  properties: {
    callback_url_for_deliveries: scalar('Delivery receipts are posted here'),
    callback_url_for_inbounds: scalar('Replies are posted here'),
    callback_url_for_blacklisted_numbers: scalar('Opt-outs are posted here'),
    callback_url_for_visits: scalar('Short-link visits are posted here'),
    email_for_inbounds: scalar('Replies are e-mailed here'),
    api_version: scalar('Version of the callbacks'),
    use_metadata_node_for_inbound: flag('Inbound callbacks carry a metadata node'),
  },
} as const;

/** GET /v1/public/wallet/check-balance. */
export const balanceQuery = {
  properties: {
    product_name: scalar('Count the balance in this product’s units (sms_premium, sms_low_cost…)'),
    country_code: scalar('ISO country of those units (default FR)'),
    with_details: flag('List the wallet packs'),
  },
} as const;

/** GET /v1/public/wallet/check-credits. */
export const creditsQuery = {
  properties: {
    'country_codes[]': {
      type: ['array', 'string', 'null'],
      items: { type: 'string' },
      description: 'ISO countries',
    },
    country_codes: {
      type: ['array', 'string', 'null'],
      items: { type: 'string' },
      description: 'ISO countries, comma separated',
    },
  },
} as const;
