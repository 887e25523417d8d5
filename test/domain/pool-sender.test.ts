/**
 * Which number or sender id a pool sends from (domain/pools.ts chooseSender): the alphanumeric id
 * for that strategy; the sticky number; a number of the recipient's country; one of the default
 * country; any — rotating among equals, and always one of the pool's own numbers. And the pool
 * settings' defaults and the two strategies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseSender,
  DEFAULT_POOL_SETTINGS,
  isPoolStrategy,
  parsePoolSettings,
  type PoolNumber,
  type SenderChoice,
} from '../../src/domain/pools.js';

const numbers: PoolNumber[] = [
  { number: '306912345678', country: 'GR' },
  { number: '306912345679', country: 'GR' },
  { number: '33612345678', country: 'FR' },
  { number: '4915112345678', country: 'DE' },
];

const choice = (over: Partial<SenderChoice>): SenderChoice => ({
  strategy: 'Numeric',
  settings: DEFAULT_POOL_SETTINGS,
  numbers,
  recipientCountry: 'GR',
  lastUsed: null,
  turn: 0,
  ...over,
});

describe('chooseSender', () => {
  it('sends Alphanumeric from the pool’s sender id, and refuses without one', () => {
    const settings = { ...DEFAULT_POOL_SETTINGS, alphanumericSenderId: 'Herald' };
    expect(chooseSender(choice({ strategy: 'Alphanumeric', settings }))).toEqual({ from: 'Herald' });
    expect(chooseSender(choice({ strategy: 'Alphanumeric' }))).toEqual({ problem: 'no-sender-id' });
  });

  it('refuses Numeric from a pool without numbers', () => {
    expect(chooseSender(choice({ numbers: [] }))).toEqual({ problem: 'no-numbers' });
  });

  it('keeps the number the recipient last got a message from when sticky, even of another country', () => {
    expect(chooseSender(choice({ lastUsed: '33612345678' }))).toEqual({ from: '33612345678' });
    const unsticky = { ...DEFAULT_POOL_SETTINGS, sticky: false };
    expect(chooseSender(choice({ lastUsed: '33612345678', settings: unsticky }))).toEqual({
      from: '306912345678',
    });
  });

  it('does not stick to a number that left the pool', () => {
    expect(chooseSender(choice({ lastUsed: '447700900123' }))).toEqual({ from: '306912345678' });
  });

  it('orders the numbers it rotates among, whatever order the pool lists them in', () => {
    const shuffled = [numbers[3]!, numbers[1]!, numbers[2]!, numbers[0]!];
    expect(chooseSender(choice({ numbers: shuffled, turn: 0 }))).toEqual({ from: '306912345678' });
    expect(chooseSender(choice({ numbers: shuffled, turn: 1 }))).toEqual({ from: '306912345679' });
    const anyOf = { numbers: shuffled, recipientCountry: 'IT' };
    expect([0, 1, 2, 3].map((turn) => chooseSender(choice({ ...anyOf, turn })))).toEqual([
      { from: '306912345678' },
      { from: '306912345679' },
      { from: '33612345678' },
      { from: '4915112345678' },
    ]);
  });

  it('rotates among the recipient’s country’s numbers by turn', () => {
    expect(chooseSender(choice({ turn: 0 }))).toEqual({ from: '306912345678' });
    expect(chooseSender(choice({ turn: 1 }))).toEqual({ from: '306912345679' });
    expect(chooseSender(choice({ turn: 2 }))).toEqual({ from: '306912345678' });
  });

  it('falls back to the default country, then to any number', () => {
    const settings = { ...DEFAULT_POOL_SETTINGS, defaultCountry: 'DE' };
    expect(chooseSender(choice({ recipientCountry: 'IT', settings }))).toEqual({ from: '4915112345678' });
    expect(chooseSender(choice({ recipientCountry: 'IT', turn: 2 }))).toEqual({ from: '33612345678' });
  });

  it('without geomatch, takes the default country’s numbers even for a recipient of a pool country', () => {
    const settings = { ...DEFAULT_POOL_SETTINGS, geomatch: false, defaultCountry: 'FR' };
    expect(chooseSender(choice({ settings }))).toEqual({ from: '33612345678' });
  });

  it('always answers one of the pool’s numbers, of the recipient’s country when there is one', () => {
    const pool = fc.uniqueArray(
      fc.record({ number: fc.stringMatching(/^[1-9]\d{8,12}$/), country: fc.constantFrom('GR', 'FR', 'DE') }),
      { minLength: 1, maxLength: 8, selector: (n) => n.number },
    );
    fc.assert(
      fc.property(
        pool,
        fc.constantFrom('GR', 'FR', 'IT'),
        fc.nat(),
        fc.boolean(),
        (list, country, turn, geo) => {
          const out = chooseSender(
            choice({
              numbers: list,
              recipientCountry: country,
              turn,
              settings: { ...DEFAULT_POOL_SETTINGS, geomatch: geo },
            }),
          );
          if (!('from' in out)) return false;
          const picked = list.find((n) => n.number === out.from);
          if (!picked) return false;
          return !geo || !list.some((n) => n.country === country) || picked.country === country;
        },
      ),
    );
  });
});

describe('pool settings and strategies', () => {
  it('default to sticky, geomatch and no transcoding, keeping what is stored', () => {
    expect(DEFAULT_POOL_SETTINGS).toEqual({ sticky: true, geomatch: true, transcode: false });
    expect(parsePoolSettings('{}')).toEqual({ sticky: true, geomatch: true, transcode: false });
    expect(parsePoolSettings('{"sticky":false,"defaultCountry":"FR"}')).toEqual({
      sticky: false,
      geomatch: true,
      transcode: false,
      defaultCountry: 'FR',
    });
    expect(parsePoolSettings('not json')).toEqual(DEFAULT_POOL_SETTINGS);
    expect(parsePoolSettings('null')).toEqual(DEFAULT_POOL_SETTINGS);
    expect(parsePoolSettings('"text"')).toEqual(DEFAULT_POOL_SETTINGS);
  });

  it('are Numeric or Alphanumeric, nothing else', () => {
    expect(isPoolStrategy('Numeric')).toBe(true);
    expect(isPoolStrategy('Alphanumeric')).toBe(true);
    expect(isPoolStrategy('numeric')).toBe(false);
    expect(isPoolStrategy('')).toBe(false);
    expect(isPoolStrategy(undefined)).toBe(false);
  });
});
