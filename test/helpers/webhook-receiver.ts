/** A real HTTP server on 127.0.0.1 that records the callbacks it receives and answers as told. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  at: number;
}

export class WebhookReceiver {
  readonly received: ReceivedCallback[] = [];
  /** Status to answer with; a function can vary it per call. */
  respond: number | ((n: number) => number) = 200;
  delayMs = 0;
  private server: http.Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (d) => {
        raw += d;
      });
      req.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
        this.received.push({ path: req.url ?? '', headers: req.headers, raw, body, at: Date.now() });
        const status = typeof this.respond === 'function' ? this.respond(this.received.length) : this.respond;
        setTimeout(() => {
          res.statusCode = status;
          res.end();
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Ids of the messages whose Routee SMS callback reporting Delivered arrived after `since`. */
  deliveredMessageIdsSince(since: number): Set<string> {
    return new Set(
      this.received
        .filter((c) => c.at > since)
        .map((c) => c.body as { messageId: string; status: { name: string } })
        .filter((b) => b.status.name === 'Delivered')
        .map((b) => b.messageId),
    );
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
