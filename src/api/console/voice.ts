/**
 * The console's voice routes: the languages a prompt can be spoken in, a prompt to hear before
 * sending (WAV, what the phone will play), and a voice campaign created from the console's form or
 * changed while it is Scheduled.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { ServiceContext } from '../../services/context.js';
import {
  createVoiceCampaign,
  MAX_VOICE_RECIPIENTS,
  updateVoiceCampaign,
  type VoiceCampaignRequest,
} from '../../services/voice-campaigns.js';
import { promptPreview } from '../../services/voice-prompt.js';
import { MAX_TTS_TEXT, TTS_LANGUAGES } from '../../voice/tts.js';
import { idParams } from './schemas.js';

const message = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'language', 'gender'],
  properties: {
    text: { type: 'string', minLength: 1, maxLength: MAX_TTS_TEXT },
    language: { type: 'string', enum: Object.keys(TTS_LANGUAGES) },
    gender: { type: 'string', enum: ['male', 'female'] },
  },
} as const;

const list = {
  type: 'array',
  maxItems: MAX_VOICE_RECIPIENTS,
  items: { type: 'string', maxLength: 100 },
} as const;

const voiceCampaignBody = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'message'],
  properties: {
    name: { type: 'string', maxLength: 100 },
    from: { type: 'string', minLength: 1, maxLength: 20 },
    to: list,
    contacts: list,
    groups: list,
    message,
    respectQuietHours: { type: 'boolean' },
    collectDtmfDigits: { type: 'boolean' },
    scheduledDate: { type: 'string', format: 'date-time' },
  },
} as const;

/** The service's request from the console's JSON (a name of spaces is no name; the date ISO 8601). */
function voiceRequestOf(input: VoiceCampaignInput): VoiceCampaignRequest {
  const { name, scheduledDate, ...rest } = input;
  const req: VoiceCampaignRequest = { ...rest };
  if (name !== undefined && name.trim() !== '') req.name = name.trim();
  if (scheduledDate !== undefined) req.scheduledDate = Date.parse(scheduledDate);
  return req;
}

interface VoiceCampaignInput {
  name?: string;
  from: string;
  to?: string[];
  contacts?: string[];
  groups?: string[];
  message: { text: string; language: string; gender: string };
  respectQuietHours?: boolean;
  collectDtmfDigits?: boolean;
  scheduledDate?: string;
}

export function consoleVoiceRoutes(ctx: ServiceContext, auth: preHandlerAsyncHookHandler) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Voice'];

    app.get(
      '/console/api/voice/languages',
      { preHandler: auth, schema: { tags, summary: 'Languages a prompt can be spoken in' } },
      async () => Object.keys(TTS_LANGUAGES),
    );

    app.post<{ Body: { text: string; language: string; gender: string } }>(
      '/console/api/voice/prompt',
      {
        preHandler: auth,
        schema: { tags, summary: 'The prompt as the phone will play it (audio/wav, 8 kHz)', body: message },
      },
      async (request, reply) =>
        reply.header('content-type', 'audio/wav').send(await promptPreview(ctx, request.body)),
    );

    app.post<{ Body: VoiceCampaignInput }>(
      '/console/api/voice/campaigns',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Create a voice campaign (a spoken message)',
          body: voiceCampaignBody,
        },
      },
      async (request, reply) => {
        const record = await createVoiceCampaign(ctx, request.account, voiceRequestOf(request.body));
        return reply.status(201).send({ id: record.row.id, state: record.row.state });
      },
    );

    app.put<{ Params: { id: string }; Body: VoiceCampaignInput }>(
      '/console/api/voice/campaigns/:id',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Change a Scheduled voice campaign (planned again from the new request)',
          params: idParams,
          body: voiceCampaignBody,
        },
      },
      async (request) => {
        const record = await updateVoiceCampaign(
          ctx,
          request.account,
          request.params.id,
          voiceRequestOf(request.body),
        );
        return { id: record.row.id, state: record.row.state };
      },
    );
  };
}
