/**
 * JSON Schemas of the Routee face's requests, for Fastify's validation and the OpenAPI document.
 * They describe what real clients send and are deliberately a superset of what the face's readers
 * (input.ts `Fields`) accept: every scalar may also come as a string (or a number for a string),
 * `null` is allowed everywhere (it means absent), unknown keys are ignored, the body has no top-level
 * type (an empty body reaches the reader, which words the refusal) and no `required` list (the
 * reader reports every missing field at once, in Routee's words; descriptions say "Required"). So a
 * schema never refuses what
 * the reader would take, never coerces a value (the value's own type is always listed), and the
 * reader keeps the Routee-exact messages.
 */

const text = (description: string) => ({ type: ['string', 'number', 'null'], description }) as const;
const flag = (description: string) =>
  ({
    type: ['boolean', 'string', 'integer', 'null'],
    description: `${description} (true/false, also as a string)`,
  }) as const;
const whole = (description: string) => ({ type: ['number', 'string', 'null'], description }) as const;
const date = (description: string) =>
  ({
    type: ['string', 'number', 'null'],
    description: `${description}: ISO 8601 with a zone (2026-12-04T10:00:00Z) or Unix epoch seconds`,
  }) as const;
const numbers = (description: string) =>
  ({
    type: ['array', 'string', 'null'],
    items: { type: ['string', 'number'] },
    description: `${description}: E.164 numbers (one number may come as a string)`,
  }) as const;
const callback = (description: string) =>
  ({
    type: ['object', 'null'],
    description,
    properties: {
      url: { type: ['string', 'null'], description: 'Receiver URL (http or https)' },
      strategy: {
        type: ['string', 'null'],
        description: 'OnChange (default) or OnCompletion, any case',
      },
    },
  }) as const;
const free = (description: string) => ({ type: ['object', 'null'], description }) as const;

/** POST /sms and POST /sms/analyze. */
export const smsBody = {
  properties: {
    from: text('Required. Sender id (up to 11 characters) or number'),
    to: text('Required. Recipient, E.164'),
    body: text('Required. Message text'),
    flash: flag('Flash SMS'),
    label: text('Free label (up to 350 characters)'),
    callback: callback('Status callback of each part'),
    ttl: whole('Minutes to try delivering (1–4320)'),
    transcode: flag('Send Unicode look-alikes as GSM when that takes fewer parts'),
    restrictions: free('Regulatory restrictions passed to the operator'),
  },
} as const;

/** POST /sms/campaign, POST /sms/analyze/campaign, PUT /sms/{trackingId}. */
export const campaignBody = {
  properties: {
    from: text('Required. Sender id or number'),
    body: text('Required. Message text; [~label] placeholders are personalised per contact'),
    to: numbers('Recipients (at most 30,000)'),
    contacts: numbers('Contact ids'),
    groups: numbers('Group names'),
    campaignName: text('Unique name (2–30 latin letters, digits, spaces, -)'),
    scheduledDate: date('When to start'),
    flash: flag('Flash SMS'),
    respectQuietHours: flag('Hold messages during the recipients’ quiet hours'),
    callback: callback('Status callback of each message part'),
    smsCallback: callback('Alias of callback'),
    campaignCallback: callback('Campaign state callback'),
    reminder: {
      type: ['object', 'null'],
      description: 'Test messages before or after the start',
      properties: {
        minutesBefore: whole('Minutes before the start'),
        minutesAfter: whole('Minutes after the start'),
        to: numbers('Numbers to remind (at most 10)'),
      },
    },
    fallbackValues: {
      type: ['object', 'array', 'string', 'number', 'boolean', 'null'],
      description: 'Values of placeholders a contact lacks: by label, an array or one string',
    },
    ttl: whole('Minutes to try delivering (1–4320)'),
    allowInvalid: flag('Leave out invalid numbers instead of refusing the campaign'),
    urlShortener: free('Shorten the links of the text ({domain?})'),
    restrictions: free('Regulatory restrictions passed to the operator'),
    transcode: flag('Send Unicode look-alikes as GSM when that takes fewer parts'),
  },
} as const;

/** page and size of Spring pages. */
export const pageQuery = {
  properties: {
    page: whole('Page number from 0 (at most 1,000,000)'),
    size: whole('Page size, 1–2000 (default 20)'),
  },
} as const;

/** POST /sms/tracking's query. */
export const trackingQuery = {
  properties: {
    ...pageQuery.properties,
    dateStart: date('From (default: 7 days ago)'),
    dateEnd: date('Until (default: now)'),
    trackingId: text('Only this campaign’s messages'),
    campaign: flag('Only campaign messages'),
  },
} as const;

/** startDate and endDate of the reports. */
export const reportQuery = {
  properties: {
    startDate: date('Required. First day (YYYY-MM-DD also accepted)'),
    endDate: date('Required. Last day (YYYY-MM-DD also accepted)'),
    mcc: text('Mobile country code (perMcc, perMccMnc)'),
    mnc: text('Mobile network code (perMccMnc)'),
    countryCode: text('ISO country (perCountry)'),
    campaignId: text('Campaign tracking id (perCampaign; the dates are then optional)'),
  },
} as const;

/** GET /accounts/me/transactions. */
export const transactionsQuery = {
  properties: { ...pageQuery.properties, from: date('From'), to: date('Until') },
} as const;

/** POST /oauth/token (form or JSON; the credentials usually in Basic authentication). */
export const tokenBody = {
  properties: {
    grant_type: { type: ['string', 'null'], description: 'client_credentials' },
    scope: { type: ['string', 'null'], description: 'Space-separated scopes (default: all)' },
    client_id: { type: ['string', 'null'], description: 'When not sent as Basic authentication' },
    client_secret: { type: ['string', 'null'] },
  },
} as const;

/** POST /contacts/my, PUT /contacts/my/{id}. */
export const contactBody = {
  properties: {
    mobile: text('Required. The contact’s mobile, E.164'),
    firstName: text('First name'),
    lastName: text('Last name'),
    email: text('E-mail'),
    vip: flag('VIP contact'),
    labels: {
      type: ['array', 'null'],
      items: {
        type: ['object', 'null'],
        properties: { name: text('Label name'), value: { description: 'Its value' } },
      },
      description: 'Values of declared labels: [{name, value}]',
    },
  },
} as const;

/** POST /groups/my. */
export const groupBody = {
  properties: {
    name: text('Required. Group name (2–30 characters)'),
    strategy: text('None (empty), All (every contact) or Filtered'),
    filters: {
      type: ['array', 'null'],
      items: {
        type: ['object', 'null'],
        properties: { fieldName: text('Field or label'), searchTerm: text('Value it must equal') },
      },
      description: 'With the Filtered strategy: contacts whose fields all match',
    },
  },
} as const;

/** POST /groups/my/merge and /groups/my/difference. */
export const groupCombinationBody = {
  properties: {
    name: text('Required. The new group’s name'),
    groups: numbers('Required. The groups combined (names)'),
  },
} as const;

/** POST /voice/campaign and POST /voice/analysis. */
export const voiceBody = {
  properties: {
    from: text('Required. Caller number'),
    to: numbers('Recipients (at most 1,000)'),
    contacts: numbers('Contact ids'),
    groups: numbers('Group names'),
    name: text('Campaign name'),
    campaignName: text('Alias of name'),
    fileURL: text('An http(s) URL of a .wav file to play (or message)'),
    message: {
      type: ['object', 'null'],
      description: 'Text to speak (or fileURL)',
      properties: {
        text: text('What is said; [~label] placeholders are personalised'),
        language: text(
          'en-US (default), en-GB, de-DE, fr-FR, it-IT, pt-BR, es-ES, es-LA, el-GR, bg-BG, pl-PL, hu-HU, sv-SE, ru-RU',
        ),
        gender: text('female (default) or male'),
      },
    },
    respectQuietHours: flag('Hold calls during the recipients’ quiet hours'),
    ignoreDnd: flag('Call numbers on the Voice blacklist too'),
    scheduledDate: date('When to start'),
    hangupDelay: whole('Seconds to wait for an answer (1–120, default 30)'),
    callback: callback('Status callback of each call'),
    campaignCallback: callback('Campaign state callback'),
    collectDtmfDigits: flag('Collect the keys pressed'),
    collectDtmfAwaitSeconds: whole('Seconds to wait for keys (1–60, default 10)'),
  },
} as const;

/** POST /pools/my, PUT /pools/my/{poolId}. */
export const poolBody = {
  properties: {
    poolName: text('Required on create. The pool’s name (1–100 characters)'),
    smsSettings: {
      type: ['object', 'null'],
      description: 'How the pool picks senders and where it calls back',
      properties: {
        sticky: flag('Send to a recipient from the number that last wrote to them (default true)'),
        geomatch: flag('Prefer a number of the recipient’s country (default true)'),
        transcode: flag('Send Unicode look-alikes as GSM when that takes fewer parts (default false)'),
        defaultCountry: text('ISO 3166-1 alpha-2 country whose numbers send when none matches'),
        alphanumericSenderId: text('Sender of messages sent with the Alphanumeric strategy'),
        inboundSMSCallbackUrl: text('Receiver of messages to the pool’s numbers'),
        callback: callback('Status callback of the pool’s messages'),
      },
    },
  },
} as const;

/** POST /pools/my/{poolId}/sms. */
export const poolSmsBody = {
  properties: {
    to: text('Required. Recipient, E.164'),
    body: text('Required. Message text'),
    poolStrategy: text('Numeric (a number of the pool, default) or Alphanumeric (the pool’s sender id)'),
    urlShortener: free('Not served for pool sends: refused when present'),
  },
} as const;

/** POST /pools/my/{poolId}/numbers. */
export const poolNumbersBody = {
  properties: { numbers: numbers('Required. The account’s numbers to put in the pool') },
} as const;
