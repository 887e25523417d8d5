import type { HeraldConfig } from '../config.js';
import type { FaceParameterSpec } from '../domain/account-settings.js';
import type { CallbackRenderers } from '../domain/callback-events.js';
import type { TimezoneIndex } from '../domain/phone.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/database.js';
import type { MessageIngest } from '../store/message-ingest.js';
import type { PriceBook } from './price-book.js';
import type { PromptCache } from '../voice/tts.js';
import type { OutboundHttp } from '../security/outbound-http.js';

import type { QueuedKind } from '../domain/channel.js';

/** What every use case may depend on. `clock` is the only source of "now". */
export interface ServiceContext {
  store: Store;
  config: HeraldConfig;
  logger: Logger;
  clock: () => number;
  prices: PriceBook;
  timezones: TimezoneIndex;
  /** Group-committed storage of accepted messages (the hot write path). */
  ingest: MessageIngest;
  /** Voice prompts (TTS and WAV files as 8 kHz μ-law), cached. */
  prompts: PromptCache;
  /** Base URL of this server as phones reach it (short links); set once the server listens. */
  publicBaseUrl: string;
  /** Outbound requests made on a tenant's behalf (voice file downloads) and their policy. */
  outbound: OutboundHttp;
  /** The parameters each face keeps in account settings, by face name (src/api/face-parameters.ts). */
  faceParameters: Readonly<Record<string, FaceParameterSpec>>;
  /** Callbacks' formats: each event as the face that subscribes to it writes it. */
  callbacks: CallbackRenderers;
  /** Tells the delivery engine (when this process runs one) that messages are waiting. */
  hooks: { messagesQueued(kind?: QueuedKind): void };
}
