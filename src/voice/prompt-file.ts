/**
 * A voice campaign's `fileURL`: downloaded under the outbound policy, at most 20 MB within 15 s,
 * answered as audio and starting as a RIFF/WAVE file. Whatever goes wrong, the tenant hears one
 * sentence: which of "closed port", "HTTP error" or "not a WAV" it was would let a tenant map the
 * gateway's network. The reason goes to the operator's log.
 */
import type { Logger } from '../logger.js';
import { DownloadError, type DownloadLimits, type OutboundHttp } from '../security/outbound-http.js';
import { MediaError, type PromptCache } from './tts.js';

export const MAX_WAV_BYTES = 20 * 1024 * 1024;

/** The one answer a tenant gets for a file that could not be used. */
export const FILE_UNAVAILABLE = 'the file could not be downloaded as a WAV file';

const AUDIO_TYPES = /^(audio\/[a-z0-9.+-]+|application\/octet-stream|binary\/octet-stream)$/;

export function looksLikeWav(head: Buffer): boolean {
  return (
    head.length >= 12 && head.toString('ascii', 0, 4) === 'RIFF' && head.toString('ascii', 8, 12) === 'WAVE'
  );
}

export const WAV_DOWNLOAD: DownloadLimits = {
  maxBytes: MAX_WAV_BYTES,
  timeoutMs: 15_000,
  maxRedirections: 3,
  acceptType: (type) => type === '' || AUDIO_TYPES.test(type),
  headBytes: 12,
  acceptHead: looksLikeWav,
};

/**
 * The prompt in the file at `url`, as 8 kHz μ-law; a MediaError with the neutral message when the
 * file cannot be had or converted.
 */
export async function promptFromFile(
  prompts: PromptCache,
  http: OutboundHttp,
  url: string,
  logger: Logger,
): Promise<Buffer> {
  try {
    return await prompts.wav(await http.download(url, WAV_DOWNLOAD));
  } catch (err) {
    const reason = err instanceof DownloadError ? err.reason : (err as Error).message;
    logger.info({ host: hostOf(url), reason }, 'voice file refused or unusable');
    throw new MediaError(FILE_UNAVAILABLE);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}
