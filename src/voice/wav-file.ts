/**
 * A prompt as a WAV file a browser plays: the 8 kHz μ-law samples a phone hears, decoded to 16-bit
 * linear PCM (every browser plays PCM WAV; not all play μ-law) behind a 44-byte RIFF header.
 */
import { mulawToLinear } from './g711.js';

export function mulawToPcmWav(mulaw: Uint8Array, sampleRate = 8000): Buffer {
  const dataBytes = mulaw.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16); // fmt chunk size
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  out.writeUInt16LE(2, 32); // block align
  out.writeUInt16LE(16, 34); // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < mulaw.length; i++) out.writeInt16LE(mulawToLinear(mulaw[i]!), 44 + i * 2);
  return out;
}
