/**
 * G.711 μ-law (PCMU) and A-law (PCMA) for 16-bit linear PCM, as the ITU reference code does it
 * (truncating, not rounding). Pure.
 */
const BIAS = 0x84;
const CLIP = 32635;

export function linearToMulaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.trunc(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function mulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

export function linearToAlaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.trunc(sample)));
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  s >>= 3;
  let code: number;
  if (s < 32) code = s >> 1;
  else {
    let exponent = 1;
    while (s >= 64 && exponent < 7) {
      s >>= 1;
      exponent++;
    }
    code = (exponent << 4) | ((s >> 1) & 0x0f);
  }
  return (sign | code) ^ 0x55;
}

export function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if (magnitude > 32767) magnitude = 32767;
  return sign ? magnitude : -magnitude;
}

export type G711 = 'PCMU' | 'PCMA';

export function encodeG711(pcm: Int16Array, codec: G711): Buffer {
  const out = Buffer.alloc(pcm.length);
  const f = codec === 'PCMU' ? linearToMulaw : linearToAlaw;
  for (let i = 0; i < pcm.length; i++) out[i] = f(pcm[i]!);
  return out;
}

export function decodeG711(data: Uint8Array, codec: G711): Int16Array {
  const out = new Int16Array(data.length);
  const f = codec === 'PCMU' ? mulawToLinear : alawToLinear;
  for (let i = 0; i < data.length; i++) out[i] = f(data[i]!);
  return out;
}

/** μ-law bytes to A-law bytes (a prompt cached as μ-law, sent to a PCMA-only answer). */
export function mulawToAlaw(data: Uint8Array): Buffer {
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) out[i] = linearToAlaw(mulawToLinear(data[i]!));
  return out;
}

/** RMS energy of decoded samples (tests check that speech, not silence, arrived). */
export function rms(pcm: Int16Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return Math.sqrt(sum / pcm.length);
}
