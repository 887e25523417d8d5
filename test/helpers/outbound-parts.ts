// The parts of a message as the engine hands them to a carrier link (src/carriers/carrier.ts): the
// text split as Herald splits it, numbered, sharing a reference; tests override what they check.
import type { OutboundPart } from '../../src/carriers/carrier.js';
import { analyseBody, splitBody } from '../../src/domain/gsm.js';

export function partsOf(text: string, overrides: Partial<OutboundPart> = {}): OutboundPart[] {
  const { encoding } = analyseBody(text);
  const segments = splitBody(text, encoding);
  return segments.map((segment, i) => ({
    sender: 'Herald',
    recipient: '+306900000001',
    text: segment,
    encoding,
    flash: false,
    seq: i + 1,
    total: segments.length,
    ref: 42,
    expiresAt: Date.now() + 3_600_000,
    ...overrides,
  }));
}
