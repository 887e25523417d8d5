/** Test audio made by sox: a sine tone as a WAV file (16 kHz stereo unless told). */
import { execFileSync } from 'node:child_process';

export function toneWav(seconds: number, hz: number, rate = 16000, channels = 2): Buffer {
  // prettier-ignore
  return execFileSync('sox', ['-n', '-r', String(rate), '-c', String(channels), '-b', '16', '-t', 'wav', '-', 'synth', String(seconds), 'sine', String(hz)]);
}
