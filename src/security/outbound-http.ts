/**
 * Outbound HTTP under the outbound policy: an undici dispatcher whose every connection — the first,
 * each keep-alive reconnect and each redirect hop — is checked by the policy on the address the
 * socket actually uses, and a download that is bounded in bytes (counted as they stream, whatever
 * Content-Length says), in time (the whole download, not only the first byte) and in content type.
 */
import { Agent, buildConnector, type Dispatcher, interceptors, request } from 'undici';
import { parseIp } from './ip-ranges.js';
import { OutboundPolicy, type OutboundPolicyOptions, OutboundRefusedError } from './outbound-policy.js';

/**
 * An undici connector that refuses what the policy refuses: literal addresses before connecting,
 * host names through the policy's filtered DNS lookup, and — in case anything slipped past — the
 * socket's remote address once connected.
 */
export function guardedConnector(policy: OutboundPolicy, timeoutMs?: number): buildConnector.connector {
  const connect = buildConnector({ lookup: policy.lookup, ...(timeoutMs && { timeout: timeoutMs }) });
  return (options, callback) => {
    const literal = parseIp(options.hostname);
    if (literal && !policy.allowsAddress(literal, options.hostname)) {
      callback(new OutboundRefusedError(), null);
      return;
    }
    connect(options, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no socket'), null);
      const remote = socket.remoteAddress ? parseIp(socket.remoteAddress) : null;
      if (!remote || !policy.allowsAddress(remote, options.hostname)) {
        socket.destroy();
        return callback(new OutboundRefusedError(), null);
      }
      callback(null, socket);
    });
  };
}

/** An undici Agent under the policy (options as undici's Agent, `connect` excepted). */
export function guardedAgent(policy: OutboundPolicy, options: Agent.Options = {}): Agent {
  return new Agent({ ...options, connect: guardedConnector(policy) });
}

export class DownloadError extends Error {
  constructor(
    /** What went wrong, for the operator's log; never shown to the tenant. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'DownloadError';
  }
}

export interface DownloadLimits {
  maxBytes: number;
  /** The whole download, connection to last byte. */
  timeoutMs: number;
  maxRedirections: number;
  /** Is the answer's Content-Type (lower case, without parameters; '' when absent) acceptable? */
  acceptType(type: string): boolean;
  /** Checked on the first bytes as soon as `headBytes` of them arrived; false stops the download. */
  headBytes: number;
  acceptHead(head: Buffer): boolean;
}

/**
 * Downloads a file within the limits. Every failure — refused address, no connection, HTTP error,
 * too large, too slow, wrong content — is a DownloadError whose reason is for the log only.
 */
export async function boundedDownload(
  dispatcher: Dispatcher,
  url: string,
  limits: DownloadLimits,
): Promise<Buffer> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      dispatcher: dispatcher.compose(interceptors.redirect({ maxRedirections: limits.maxRedirections })),
      method: 'GET',
      signal,
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
    });
  } catch (err) {
    throw new DownloadError(`no answer: ${(err as Error).message}`);
  }
  const { body } = res;
  try {
    if (res.statusCode !== 200) throw new DownloadError(`HTTP ${res.statusCode}`);
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (!limits.acceptType(type)) throw new DownloadError(`content type ${type}`);
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > limits.maxBytes) throw new DownloadError(`declared ${declared} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    let headChecked = false;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxBytes) throw new DownloadError(`more than ${limits.maxBytes} bytes`);
      chunks.push(chunk);
      if (!headChecked && total >= limits.headBytes) {
        headChecked = true;
        if (!limits.acceptHead(Buffer.concat(chunks))) throw new DownloadError('unexpected content');
      }
    }
    const data = Buffer.concat(chunks, total);
    if (!headChecked && !limits.acceptHead(data)) throw new DownloadError('unexpected content');
    return data;
  } catch (err) {
    // Hang up on the rest (an aborted body reports its abort as an error: nobody waits for it now).
    body.on('error', () => undefined).destroy();
    if (err instanceof DownloadError) throw err;
    throw new DownloadError(`while reading: ${(err as Error).message}`);
  }
}

/**
 * The outbound side of one process (or engine thread): the policy, and a dispatcher for the
 * downloads made on a tenant's behalf. Callbacks keep an agent of their own (see CallbackSender),
 * built on the same policy.
 */
export class OutboundHttp {
  readonly policy: OutboundPolicy;
  private agent: Agent | undefined;

  constructor(options: OutboundPolicyOptions) {
    this.policy = new OutboundPolicy(options);
  }

  download(url: string, limits: DownloadLimits): Promise<Buffer> {
    this.agent ??= guardedAgent(this.policy, { connections: 8, keepAliveTimeout: 1_000 });
    return boundedDownload(this.agent, url, limits);
  }

  async close(): Promise<void> {
    await this.agent?.close();
  }
}
