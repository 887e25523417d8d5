/**
 * Hearing a voice campaign's prompt before sending it (console): the text spoken by the same TTS and
 * converted to the same 8 kHz μ-law as a call plays, returned as a WAV file. A `[~label]` is spoken
 * as the label's name, since no recipient is chosen yet. Checked as a campaign's message is.
 */
import { isTtsLanguage, MAX_TTS_TEXT, MediaError, type TtsGender, type TtsLanguage } from '../voice/tts.js';
import { mulawToPcmWav } from '../voice/wav-file.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';

export async function promptPreview(
  ctx: ServiceContext,
  message: { text: string; language: string; gender: string },
): Promise<Buffer> {
  const problems: Record<string, string> = {};
  const text = message.text.replace(/\[~([A-Za-z0-9]+)\]/g, '$1').trim();
  if (!text) problems.text = 'may not be empty';
  else if (message.text.length > MAX_TTS_TEXT) problems.text = `at most ${MAX_TTS_TEXT} characters`;
  if (!isTtsLanguage(message.language)) problems.language = 'unsupported language';
  if (message.gender !== 'male' && message.gender !== 'female') problems.gender = 'must be male or female';
  if (Object.keys(problems).length > 0) throw validationError(problems);
  try {
    const mulaw = await ctx.prompts.speak(text, message.language as TtsLanguage, message.gender as TtsGender);
    return mulawToPcmWav(mulaw);
  } catch (err) {
    const why = err instanceof MediaError ? err.message : 'the prompt could not be made';
    throw new ServiceError('validation', `The voice message cannot be played: ${why}`, { text: why });
  }
}
