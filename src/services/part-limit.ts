/**
 * The most parts a message may be split into. Concatenation carries the total in one byte, so no
 * handset can put more than 255 parts back together; long before that a message is a mistake (a
 * document pasted into a body) that would be charged part by part. The limit is the account's
 * `maxParts` setting, else the server's `maxPartsPerMessage` (default 20: every Octopush text of
 * 1,224 characters fits, in GSM 7-bit or UCS-2), never above 255.
 */
import type { AccountSettings } from '../domain/account-settings.js';
import type { ServiceContext } from './context.js';
import { failure, type ServiceError } from './errors.js';

export const MAX_CONCATENATED_PARTS = 255;
export const DEFAULT_MAX_PARTS = 20;

export function maxPartsFor(ctx: ServiceContext, settings: AccountSettings): number {
  return Math.min(settings.maxParts ?? ctx.config.maxPartsPerMessage, MAX_CONCATENATED_PARTS);
}

export function tooManyPartsText(parts: number, max: number): string {
  return `the message would be sent in ${parts} parts; at most ${max} are allowed`;
}

/** The validation error of a body (or of the message to `recipient`) needing more parts than allowed. */
export function tooManyParts(parts: number, max: number, recipient?: string): ServiceError {
  return failure(
    'too-many-parts',
    recipient ? `The message to ${recipient} is too long.` : 'The message is too long.',
    { body: tooManyPartsText(parts, max) },
    recipient ? { tooLong: { recipient, parts, max } } : {},
  );
}
