/** A voice campaign's plan (what the engine needs to place its calls) and how its prompt is made. */
import type { Logger } from '../logger.js';
import type { OutboundHttp } from '../security/outbound-http.js';
import { promptFromFile } from './prompt-file.js';
import type { PromptCache, TtsGender, TtsLanguage } from './tts.js';

/** What the engine needs to place a campaign's calls (stored with the campaign). */
export interface VoicePlan {
  message?: { text: string; language: TtsLanguage; gender: TtsGender };
  fileURL?: string;
  hangupDelay: number;
  collectDtmfDigits: boolean;
  collectDtmfAwaitSeconds: number;
}

/** What a voice campaign was asked, as stored with it: its recipients, its options and its plan. */
export interface VoiceCampaignSettings {
  to: string[];
  contacts: string[];
  groups: string[];
  respectQuietHours: boolean;
  ignoreDnd: boolean;
  /** As asked (null: not given; the plan holds the delay used). */
  hangupDelay: number | null;
  plan: VoicePlan;
}

/** The prompt of a campaign as 8 kHz μ-law (TTS or the converted WAV file). */
export async function promptOf(
  prompts: PromptCache,
  plan: VoicePlan,
  http: OutboundHttp,
  logger: Logger,
): Promise<Buffer> {
  if (plan.message) return prompts.speak(plan.message.text, plan.message.language, plan.message.gender);
  return promptFromFile(prompts, http, plan.fileURL!, logger);
}
