/**
 * Herald's own SMPP session over a socket (SMPP 3.4 §2): frames the byte stream into PDUs, numbers
 * requests and matches their responses by sequence number, answers enquire_link itself, answers a
 * PDU it cannot read with generic_nack (the status the codec gives) instead of dropping the link, and
 * writes the PDUs of one turn of the event loop in one system call (corked). Requests from the peer
 * (deliver_sm, submit_sm, binds, unbind…) are handed to `onRequest`; the owner answers them with
 * `respond`. Shared by the operator link (carriers/smpp/link.ts) and the coming SMPP server.
 */
import type { Socket } from 'node:net';
import { decodePdu, encodePdu, HEADER_LENGTH, MAX_PDU_LENGTH, type Pdu, SmppDecodeError } from './codec.js';
import { COMMAND } from './ids.js';

export interface SessionHandlers {
  /** A request from the peer (never enquire_link, which the session answers). */
  onRequest(pdu: Pdu): void;
  /** Anything heard from the peer (keep-alive bookkeeping). */
  onHeard?(): void;
}

const RESPONSE_BIT = 0x80000000;

export class SmppSession {
  private buffered: Buffer | null = null;
  private nextSequence = 1;
  private readonly waiting = new Map<number, (pdu: Pdu | null) => void>();
  private corked = false;
  closed = false;

  constructor(
    readonly socket: Socket,
    private readonly handlers: SessionHandlers,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('close', () => {
      this.closed = true;
      // Requests without an answer get none: their callers learn it now.
      for (const answer of [...this.waiting.values()]) answer(null);
      this.waiting.clear();
    });
  }

  /**
   * Sends a request; `onResponse` gets its response, or null when the session closed first. Returns
   * false when the session is closed (nothing sent).
   */
  request(pdu: Omit<Pdu, 'sequence' | 'status'>, onResponse?: (response: Pdu | null) => void): boolean {
    if (this.closed) return false;
    const sequence = this.nextSequence;
    this.nextSequence = this.nextSequence >= 0x7fffffff ? 1 : this.nextSequence + 1;
    if (onResponse) this.waiting.set(sequence, onResponse);
    this.write(encodePdu({ ...pdu, status: 0, sequence }));
    return true;
  }

  /**
   * Sends a request already encoded (its sequence number is written into it here): the hot path's
   * submit_sm, built in one pass. False when the session is closed.
   */
  requestEncoded(bytes: Buffer, onResponse: (response: Pdu | null) => void): boolean {
    if (this.closed) return false;
    const sequence = this.nextSequence;
    this.nextSequence = this.nextSequence >= 0x7fffffff ? 1 : this.nextSequence + 1;
    bytes.writeUInt32BE(sequence, 12);
    this.waiting.set(sequence, onResponse);
    this.write(bytes);
    return true;
  }

  /** A request as a promise of its response (null: the session closed first). */
  call(pdu: Omit<Pdu, 'sequence' | 'status'>): Promise<Pdu | null> {
    return new Promise((resolve) => {
      if (!this.request(pdu, resolve)) resolve(null);
    });
  }

  /** Answers a request of the peer (`extra`: submit_multi_resp's refused destinations). */
  respond(
    request: Pdu,
    status: number,
    fields: Record<string, string | number> = {},
    extra: Pick<Pdu, 'unsuccess'> = {},
  ): void {
    if (this.closed) return;
    const command = `${request.command}_resp` as Pdu['command'];
    this.write(encodePdu({ command, status, sequence: request.sequence, fields, tlvs: [], ...extra }));
  }

  /** Forgets a request's response (its caller gave up on it, e.g. after a timeout). */
  forget(sequence: number): void {
    this.waiting.delete(sequence);
  }

  /** The sequence number the next request will get. */
  get upcomingSequence(): number {
    return this.nextSequence;
  }

  close(): void {
    this.closed = true;
    this.socket.end();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private write(bytes: Buffer): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(bytes);
  }

  private read(chunk: Buffer): void {
    const buf = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    let at = 0;
    while (buf.length - at >= 4) {
      const length = buf.readUInt32BE(at);
      if (length < HEADER_LENGTH || length > MAX_PDU_LENGTH) {
        // No way to find the next PDU in this stream: the link is not usable.
        this.destroy();
        return;
      }
      if (buf.length - at < length) break;
      this.dispatch(buf.subarray(at, at + length));
      at += length;
    }
    this.buffered = at < buf.length ? Buffer.from(buf.subarray(at)) : null;
  }

  private dispatch(bytes: Buffer): void {
    this.handlers.onHeard?.();
    let pdu: Pdu;
    try {
      pdu = decodePdu(bytes);
    } catch (err) {
      const e = err as SmppDecodeError;
      const commandId = bytes.readUInt32BE(4);
      // A response we cannot read still ends its request (as a failure); a request gets generic_nack.
      if (commandId & RESPONSE_BIT) {
        const answer = this.waiting.get(e.sequence);
        this.waiting.delete(e.sequence);
        answer?.(null);
        return;
      }
      this.write(
        encodePdu({
          command: 'generic_nack',
          status: e.status ?? 0x08,
          sequence: e.sequence ?? 0,
          fields: {},
          tlvs: [],
        }),
      );
      return;
    }
    if (COMMAND[pdu.command] & RESPONSE_BIT) {
      const answer = this.waiting.get(pdu.sequence);
      if (!answer) return;
      this.waiting.delete(pdu.sequence);
      answer(pdu);
      return;
    }
    if (pdu.command === 'enquire_link') {
      this.respond(pdu, 0);
      return;
    }
    this.handlers.onRequest(pdu);
  }
}
