/**
 * The fast lane: the busiest requests (`POST /sms`) answered without Node's HTTP machinery.
 *
 * Node's HTTP server builds a request and a response stream, their headers objects and events for
 * every request: measured alone, 41–47 µs of CPU per `POST /sms`-like request with Fastify, against
 * 21–27 µs for reading the same request off the socket directly. The fast lane sees every new
 * connection first and reads its requests itself while each is one it can answer exactly as the
 * server would: the request line `POST <path> HTTP/1.1` of a fast route, a Host, a Content-Length
 * within the body limit, a JSON content type in UTF-8, and nothing that changes how the connection
 * behaves (Transfer-Encoding, Expect, Upgrade, Connection other than keep-alive). At the first
 * request that is anything else — or anything it cannot read with certainty — the connection is
 * handed to Node's HTTP server for good, with the bytes not yet answered, once the answers already
 * under way are written (so answers keep their order). Everything unusual is therefore Node's and
 * Fastify's, as before; the lane only takes over the plainest request of the hot route.
 */
import type { Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

const MIRRORED_BY_LANE = Symbol('mirrored by the fast lane');

/** Marks a global Fastify hook whose work the lane does itself (e.g. counting answers for metrics). */
export function mirroredByFastLane<F extends object>(hook: F): F {
  return Object.assign(hook, { [MIRRORED_BY_LANE]: true });
}

export function isMirroredByFastLane(hook: unknown): boolean {
  return (
    typeof hook === 'function' && (hook as unknown as Record<symbol, unknown>)[MIRRORED_BY_LANE] === true
  );
}

/** A request the lane read, with lower-case header names. */
export interface FastRequest {
  headers: Record<string, string>;
  body: string;
}

export interface FastAnswer {
  status: number;
  /** JSON text. */
  body: string;
  /** Close the connection after this answer (as Fastify does after a body it could not parse). */
  close?: boolean;
}

export interface FastRoute {
  path: string;
  handle(request: FastRequest): Promise<FastAnswer>;
}

export interface FastLaneOptions {
  routes: FastRoute[];
  bodyLimitBytes: number;
  /** Idle keep-alive connections are closed after this (the server's keepAliveTimeout). */
  keepAliveTimeoutMs: number;
  /** A request must arrive whole within this (the server's headersTimeout / requestTimeout). */
  requestTimeoutMs: number;
  /** Called with the status of every answer the lane gives (metrics). */
  onAnswer?(status: number): void;
  /**
   * The whole HTTP answer the server gives a request it cannot read (the server's clientError
   * handler): the lane gives the same one to a client that half-closes in the middle of a request.
   */
  clientErrorAnswer(status: number, raw: Buffer): string;
}

/** Longest header block the lane reads; a longer one goes to Node (which answers 431). */
const MAX_HEADER_BYTES = 16 * 1024;
/** Answers under way on one connection before the lane stops reading it (pipelining clients). */
const MAX_PENDING = 32;
const CRLF2 = Buffer.from('\r\n\r\n');
const LF2 = Buffer.from('\n\n');
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;
/**
 * Bytes Node's parser refuses in a request line or header line: control characters other than a tab
 * (NUL, DEL…), and a CR or LF that is not part of the CRLF ending the line (`Host: x\nTransfer-Encoding:
 * chunked` would hide a header from a reader that splits on CRLF only).
 */
const FORBIDDEN_IN_LINE = /[\x00-\x08\x0a-\x1f\x7f]/;

/** What the lane does with the request at the head of the buffer. */
type Verdict =
  | { kind: 'wait' }
  | { kind: 'node' }
  | {
      kind: 'fast';
      route: FastRoute;
      headers: Record<string, string>;
      headerBytes: number;
      bodyBytes: number;
    };

export function readVerdict(buf: Buffer, routes: ReadonlyMap<string, FastRoute>, bodyLimit: number): Verdict {
  // Anything but a POST is Node's at once (with its own timeouts for the rest of the request).
  const start = buf.length < 5 ? buf.length : 5;
  if (buf.toString('latin1', 0, start) !== 'POST '.slice(0, start)) return { kind: 'node' };
  const end = buf.indexOf(CRLF2);
  if (end < 0) {
    // Bare line feeds, or a header block longer than the lane reads: Node answers those.
    if (buf.length > MAX_HEADER_BYTES || buf.includes(LF2)) return { kind: 'node' };
    return { kind: 'wait' };
  }
  if (end > MAX_HEADER_BYTES) return { kind: 'node' };
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  for (const line of lines) if (FORBIDDEN_IN_LINE.test(line)) return { kind: 'node' };
  const m = /^POST (\/[^\s?#]*) HTTP\/1\.1$/.exec(lines[0]!);
  const route = m ? routes.get(m[1]!) : undefined;
  if (!route) return { kind: 'node' };
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return { kind: 'node' };
    const name = line.slice(0, colon);
    if (!HEADER_NAME.test(name)) return { kind: 'node' };
    const key = name.toLowerCase();
    // A repeated header (Node joins or rejects them by name): Node's to decide.
    if (key in headers) return { kind: 'node' };
    headers[key] = line.slice(colon + 1).trim();
  }
  if (
    headers.host === undefined ||
    headers['transfer-encoding'] !== undefined ||
    headers.expect !== undefined ||
    headers.upgrade !== undefined ||
    (headers.connection !== undefined && headers.connection.toLowerCase() !== 'keep-alive') ||
    !JSON_TYPE.test(headers['content-type'] ?? '')
  )
    return { kind: 'node' };
  const length = headers['content-length'];
  if (length === undefined || !/^\d{1,10}$/.test(length)) return { kind: 'node' };
  const bodyBytes = Number(length);
  if (bodyBytes > bodyLimit) return { kind: 'node' };
  return { kind: 'fast', route, headers, headerBytes: end + 4, bodyBytes };
}

/** The Date header's value, made once per second as Node does. */
let dateSecond = -1;
let dateText = '';
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

export class FastLane {
  private readonly routes: ReadonlyMap<string, FastRoute>;
  private readonly sockets = new Set<Socket>();
  private closing = false;
  private off = false;
  /** The server's own connection handler, to which connections are handed. */
  private nodeConnection: ((socket: Socket) => void) | undefined;
  readonly counters = { answered: 0, handedOver: 0 };

  constructor(private readonly options: FastLaneOptions) {
    this.routes = new Map(options.routes.map((r) => [r.path, r]));
  }

  /** Puts the lane in front of an HTTP server's connections (before it listens). */
  install(server: Server): void {
    const listeners = server.listeners('connection') as Array<(socket: Socket) => void>;
    if (listeners.length !== 1)
      throw new Error('the fast lane expects the HTTP server alone on its connections');
    const node = listeners[0]!;
    this.nodeConnection = (socket) => node.call(server, socket);
    server.removeListener('connection', node);
    server.on('connection', (socket: Socket) => this.accept(socket));
  }

  /** New connections go straight to Node's server from now on (the lane is not to run). */
  turnOff(): void {
    this.off = true;
  }

  /** Closes idle connections and the others after their answers; new ones go to Node (which refuses them while closing). */
  close(): void {
    this.closing = true;
    for (const socket of this.sockets) socket.emit('herald:close');
  }

  private accept(socket: Socket): void {
    if (this.closing || this.off) return this.handOver(socket, null);
    this.sockets.add(socket);
    let buf: Buffer | null = null;
    /** The head request's body is still arriving: its chunks wait here until `need` bytes are in. */
    let later: Buffer[] = [];
    let laterBytes = 0;
    let need = 0;
    let pending = 0;
    let tail: Promise<void> = Promise.resolve();
    let requestStartedAt = 0;
    let handingOver = false;
    let endAfterAnswers = false;
    /** The last answer was given: nothing more is read or written. */
    let ended = false;

    const cleanup = () => {
      socket.removeListener('data', onData);
      socket.removeListener('timeout', onTimeout);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      socket.removeListener('end', onEnd);
      socket.removeListener('herald:close', onClosing);
      socket.setTimeout(0);
      this.sockets.delete(socket);
    };
    const onError = () => socket.destroy();
    const onClose = () => cleanup();
    const onTimeout = () => socket.destroy();
    const onClosing = () => {
      if (pending === 0) socket.destroy();
      else endAfterAnswers = true;
    };
    /**
     * The client half-closed. A request cut short gets the server's client-error answer (as Node gives
     * it), after the answers under way; otherwise the connection ends once they are written.
     */
    const onEnd = () => {
      if (handingOver || ended) return;
      gather();
      if (buf !== null) {
        const raw = buf;
        buf = null;
        ended = true;
        void tail.then(() => {
          if (socket.destroyed) return;
          socket.end(this.options.clientErrorAnswer(400, raw));
        });
        return;
      }
      if (pending === 0) {
        ended = true;
        socket.end();
      } else endAfterAnswers = true;
    };
    /** The chunks set aside for a body, joined to the head once (not re-copied chunk by chunk). */
    const gather = () => {
      if (laterBytes === 0) return;
      buf = Buffer.concat(buf === null ? later : [buf, ...later]);
      later = [];
      laterBytes = 0;
    };
    const handOver = () => {
      handingOver = true;
      socket.pause();
      void tail.then(() => {
        // An answer that closed the connection came first: nothing is left to hand over.
        if (socket.destroyed || ended) return;
        cleanup();
        gather();
        const rest = buf;
        buf = null;
        this.counters.handedOver++;
        this.handOver(socket, rest);
      });
    };
    const answer = ({ status, body, close }: FastAnswer) => {
      if (socket.destroyed || ended) return;
      const last = close === true || (endAfterAnswers && pending === 1);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nDate: ${httpDate()}\r\n` +
          (last
            ? 'Connection: close\r\n\r\n'
            : `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(this.options.keepAliveTimeoutMs / 1000)}\r\n\r\n`) +
          body,
      );
      this.counters.answered++;
      this.options.onAnswer?.(status);
      if (last) {
        ended = true;
        socket.end();
      }
    };
    const parse = () => {
      while (buf !== null && !handingOver && !ended && pending < MAX_PENDING) {
        if (requestStartedAt > 0 && Date.now() - requestStartedAt > this.options.requestTimeoutMs) {
          socket.destroy();
          return;
        }
        const v = readVerdict(buf, this.routes, this.options.bodyLimitBytes);
        if (v.kind === 'wait') return;
        if (v.kind === 'node') return handOver();
        const total = v.headerBytes + v.bodyBytes;
        if (buf.length < total) {
          need = total;
          return;
        }
        need = 0;
        const body = buf.toString('utf8', v.headerBytes, total);
        buf = buf.length === total ? null : buf.subarray(total);
        requestStartedAt = buf === null ? 0 : Date.now();
        pending++;
        const answered = v.route.handle({ headers: v.headers, body }).catch((): FastAnswer => ({
          status: 500,
          body: '{"code":"500000000","developerMessage":"Internal error"}',
        }));
        tail = tail.then(async () => {
          answer(await answered);
          pending--;
          if (pending < MAX_PENDING && socket.isPaused() && !handingOver) {
            socket.resume();
            parse();
          }
        });
      }
      if (pending >= MAX_PENDING) socket.pause();
    };
    const onData = (chunk: Buffer) => {
      if (buf === null) requestStartedAt = Date.now();
      else if (Date.now() - requestStartedAt > this.options.requestTimeoutMs) {
        socket.destroy();
        return;
      }
      if (need > 0 && buf !== null) {
        // A large body arrives in many chunks: keep them aside and join them once it is whole.
        later.push(chunk);
        laterBytes += chunk.length;
        if (buf.length + laterBytes < need) return;
        gather();
      } else buf = buf === null ? chunk : Buffer.concat([buf, chunk]);
      parse();
    };

    socket.setNoDelay(true);
    socket.setTimeout(this.options.keepAliveTimeoutMs);
    socket.on('data', onData);
    socket.on('timeout', onTimeout);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.on('end', onEnd);
    socket.on('herald:close', onClosing);
  }

  /** Node's HTTP server takes the connection, with the bytes read but not answered. */
  private handOver(socket: Socket, rest: Buffer | null): void {
    this.nodeConnection!(socket);
    if (rest !== null && rest.length > 0) socket.unshift(rest);
    socket.resume();
  }
}
