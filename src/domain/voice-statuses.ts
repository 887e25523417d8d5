/** The statuses of a voice call, and which of them are final. */
export const VOICE_STATUS_KEYS = [
  'Queued',
  'Initiated',
  'Ringing',
  'InProgress',
  'Completed',
  'Busy',
  'NoAnswer',
  'Failed',
  'Unsent',
  'Terminated',
  'Unknown',
] as const;
export const FINAL_VOICE_STATUSES: ReadonlySet<string> = new Set([
  'Completed',
  'Busy',
  'NoAnswer',
  'Failed',
  'Unsent',
  'Terminated',
]);

export function voiceStatusCounts(rows: Array<{ status: string; n: number }>): Record<string, number> {
  const out = Object.fromEntries(VOICE_STATUS_KEYS.map((k) => [k, 0])) as Record<string, number>;
  for (const r of rows) if (r.status in out) out[r.status] = (out[r.status] ?? 0) + Number(r.n);
  return out;
}
