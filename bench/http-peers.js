// The benchmark's own HTTP peers: the load generator's client and the callback receiver.
// They share the machine's two cores with the gateway measured, so they do as little as HTTP/1.1
// allows: one socket write per request and per response, keep-alive, no streams, no header objects.
// Every gateway gets the same peers, so what they cost weighs on each run alike, and the less they
// cost the closer the throughput ratio comes to the gateways' own (node:http's receiver and undici's
// client had written a POST's headers and body in two system calls, a cost only the POSTing gateway
// paid).
import net from 'node:net';

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * Where a message ends in `buf` (from 0): the end of its head plus its body by content-length or
 * chunked encoding; -1 while incomplete. `head` is the lower-cased head text.
 */
function messageEnd(buf, headEnd, head) {
  const start = headEnd + 4;
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) {
    const end = start + Number(length[1]);
    return buf.length >= end ? end : -1;
  }
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
    let at = start;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', at);
      if (lineEnd < 0) return -1;
      const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
      if (size === 0) {
        // The last chunk: its line, any trailers, then an empty line.
        const end = buf.indexOf(CRLF2, lineEnd);
        return end < 0 ? -1 : end + 4;
      }
      at = lineEnd + 2 + size + 2;
      if (buf.length < at) return -1;
    }
  }
  return start; // no body
}

/** Reads HTTP messages off a byte stream, calling `onMessage(head, body)` for each complete one. */
class MessageReader {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.buf = Buffer.alloc(0);
  }

  push(chunk) {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      const headEnd = this.buf.indexOf(CRLF2);
      if (headEnd < 0) return;
      const head = this.buf.toString('latin1', 0, headEnd).toLowerCase();
      const end = messageEnd(this.buf, headEnd, head);
      if (end < 0) return;
      const body = this.buf.subarray(headEnd + 4, end);
      this.buf = this.buf.subarray(end);
      this.onMessage(head, body);
    }
  }
}

const OK = Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
const OK_CLOSE = Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');

/** A callback receiver answering every request 200 with an empty body; counts the requests. */
export function httpSink() {
  let count = 0;
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const reader = new MessageReader((head) => {
      count++;
      const eol = head.indexOf('\r\n');
      const http10 = (eol < 0 ? head : head.slice(0, eol)).endsWith('http/1.0');
      const close = http10
        ? !/\r\nconnection:\s*keep-alive/.test(head)
        : /\r\nconnection:\s*close/.test(head);
      if (close) socket.end(OK_CLOSE);
      else socket.write(OK);
    });
    socket.on('data', (chunk) => reader.push(chunk));
    socket.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        count: () => count,
        close: () => server.close(),
      }),
    ),
  );
}

/** One keep-alive connection that carries one request at a time; reconnects when the server closes. */
class Connection {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.socket = undefined;
    this.pending = undefined;
  }

  connect() {
    const socket = net.connect(this.port, this.host);
    socket.setNoDelay(true);
    const reader = new MessageReader((head, body) => {
      const pending = this.pending;
      this.pending = undefined;
      if (/\r\nconnection:\s*close/.test(head) || head.startsWith('http/1.0')) this.drop(socket);
      pending?.resolve({ status: Number(head.slice(9, 12)), body: body.toString() });
    });
    socket.on('data', (chunk) => reader.push(chunk));
    const fail = (err) => {
      if (this.socket !== undefined && this.socket !== socket) return; // an old socket's late close
      this.drop(socket);
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(err ?? new Error('connection closed'));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    this.socket = socket;
    return socket;
  }

  drop(socket) {
    if (this.socket === socket) this.socket = undefined;
    socket.destroy();
  }

  /** Sends one whole request (head and body in one write) and resolves with its status and body. */
  request(raw) {
    const socket = this.socket ?? this.connect();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(raw);
    });
  }
}

/**
 * The load generator's client: `concurrency` connections to one origin, one per benchmark worker;
 * `get(worker, …)` and `post(worker, …)` send on that worker's connection.
 */
export function httpLoad(origin, concurrency) {
  const { hostname, port } = new URL(origin);
  const connections = Array.from({ length: concurrency }, () => new Connection(hostname, Number(port)));
  const hostHeader = `host: ${hostname}:${port}\r\n`;
  return {
    get: (worker, path, headers = '') =>
      connections[worker].request(`GET ${path} HTTP/1.1\r\n${hostHeader}${headers}\r\n`),
    post: (worker, path, headers, body) =>
      connections[worker].request(
        `POST ${path} HTTP/1.1\r\n${hostHeader}${headers}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      ),
    close: () => {
      for (const c of connections) if (c.socket) c.drop(c.socket);
    },
  };
}
