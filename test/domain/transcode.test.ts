import { describe, expect, it } from 'vitest';
import { analyseBody } from '../../src/domain/gsm.js';
import { transcodeIfHelpful, transcodeToGsm } from '../../src/domain/transcode.js';

describe('transcode', () => {
  it('maps Greek to GSM capitals and Latin look-alikes', () => {
    expect(transcodeToGsm('Γειά σου κόσμε')).toBe('ΓEIA ΣOY KOΣME');
    expect(transcodeToGsm('ψάρι ζωή θάλασσα')).toBe('ΨAPI ZΩH ΘAΛAΣΣA');
  });

  it('strips accents only where the base letter is GSM and keeps GSM accented letters', () => {
    expect(transcodeToGsm('Crème brûlée à São Paulo, é è')).toBe('Crème brulée à Sao Paulo, é è');
  });

  it('replaces typographic punctuation', () => {
    expect(transcodeToGsm('“Hi” – it’s… ok')).toBe('"Hi" - it\'s... ok');
  });

  it('refuses bodies with characters that have no look-alike', () => {
    expect(transcodeToGsm('Hi 😀')).toBeNull();
    expect(transcodeToGsm('Привет')).toBeNull();
  });

  it('reports a transcode only when it reduces the parts', () => {
    // One UCS-2 part: transcoding cannot help (seed 000: sent as UTF in one part, not transcoded).
    expect(transcodeIfHelpful('Γειά σου')).toBeNull();
    const long = 'Γειά σου κόσμε, '.repeat(6);
    const result = transcodeIfHelpful(long);
    expect(analyseBody(long).parts).toBe(2);
    expect(result).toEqual({ message: 'ΓEIA ΣOY KOΣME, '.repeat(6), parts: 1 });
    // Already GSM: nothing to report.
    expect(transcodeIfHelpful('a'.repeat(200))).toBeNull();
  });
});
