/**
 * What a phone shows: the operator simulator hands each part it receives to a handset per
 * destination, which reassembles concatenated messages as a phone does — by sender, reference and
 * its kind (8-bit or 16-bit UDH reference, or SAR TLVs), total and sequence — so that tests check the
 * messages a person would read, not only the parts that were submitted. Sets that cannot be a message
 * (a sequence of 0 or beyond the total, parts of one reference disagreeing on the total or the
 * encoding, a sequence received twice with different text) are counted as inconsistent; sets still
 * waiting for a part are incomplete. Memory is bounded: the most recent messages are kept, and
 * beyond the same limit the oldest waiting sets are given up (counted as incomplete still).
 */
import { RecentKeys, RecentWindow } from '../recent.js';

export interface HandsetPart {
  source: string;
  destination: string;
  dataCoding: number;
  text: string;
  concat?: { ref: number; seq: number; total: number; kind?: 'udh8' | 'udh16' | 'sar' };
}

export interface HandsetMessage {
  source: string;
  destination: string;
  text: string;
  /** How many parts it was received in. */
  parts: number;
}

interface OpenSet {
  total: number;
  dataCoding: number;
  parts: Map<number, string>;
}

export class Handsets {
  private readonly shown: RecentWindow<HandsetMessage>;
  /** Sets that could never be shown as one message. */
  inconsistent = 0;
  /** A part received again (same set, sequence and text): a phone shows the message once. */
  repeatedParts = 0;
  /** Waiting sets given up to keep memory bounded (the oldest beyond the limit). */
  abandoned = 0;
  private readonly open = new Map<string, OpenSet>();
  private readonly broken: RecentKeys;

  constructor(private readonly limit = 10_000) {
    this.shown = new RecentWindow(limit);
    this.broken = new RecentKeys(limit);
  }

  /** The most recent messages a phone would show (up to the limit), in the order they became whole. */
  get messages(): readonly HandsetMessage[] {
    return this.shown.items;
  }

  receive(p: HandsetPart): void {
    if (!p.concat) {
      this.shown.push({ source: p.source, destination: p.destination, text: p.text, parts: 1 });
      return;
    }
    const { ref, seq, total, kind = 'udh8' } = p.concat;
    const key = `${p.destination}|${p.source}|${kind}|${ref}`;
    const fail = () => {
      this.open.delete(key);
      this.broken.seen(key);
      this.inconsistent++;
    };
    if (this.broken.has(key)) return;
    if (total < 1 || seq < 1 || seq > total) return fail();
    let set = this.open.get(key);
    if (!set) {
      set = { total, dataCoding: p.dataCoding, parts: new Map() };
      this.open.set(key, set);
      if (this.open.size > this.limit) {
        this.open.delete(this.open.keys().next().value as string);
        this.abandoned++;
      }
    }
    if (set.total !== total || set.dataCoding !== p.dataCoding) return fail();
    const before = set.parts.get(seq);
    if (before !== undefined) {
      if (before !== p.text) return fail();
      this.repeatedParts++;
      return;
    }
    set.parts.set(seq, p.text);
    if (set.parts.size < total) return;
    this.open.delete(key);
    let text = '';
    for (let i = 1; i <= total; i++) text += set.parts.get(i)!;
    this.shown.push({ source: p.source, destination: p.destination, text, parts: total });
  }

  /** Sets still waiting for a part. */
  get incomplete(): number {
    return this.open.size + this.abandoned;
  }

  /** The messages shown on one destination's phone. */
  of(destination: string): HandsetMessage[] {
    const d = destination.replace(/^\+/, '');
    return this.messages.filter((m) => m.destination.replace(/^\+/, '') === d);
  }
}
