/** What was queued: SMS parts or voice calls (they have separate dispatchers). */
export type QueuedKind = 'sms' | 'voice';
