/**
 * Ports on 127.0.0.1 for peers a test starts as programs of their own (SIPp, baresip), which take
 * more ports than the one they are given and exit when one of those is taken.
 */
import dgram from 'node:dgram';
import net from 'node:net';

/** A UDP port the system just handed out (and was given back). */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Whether a UDP or TCP port on 127.0.0.1 can be taken now. */
export async function portFree(kind: 'udp' | 'tcp', port: number): Promise<boolean> {
  if (port <= 0 || port > 65535) return false;
  if (kind === 'udp') {
    const s = dgram.createSocket('udp4');
    const free = await new Promise<boolean>((r) => {
      s.once('error', () => r(false));
      s.bind(port, '127.0.0.1', () => r(true));
    });
    if (free) await new Promise<void>((r) => s.close(() => r()));
    return free;
  }
  const srv = net.createServer();
  const free = await new Promise<boolean>((r) => {
    srv.once('error', () => r(false));
    srv.listen(port, '127.0.0.1', () => r(true));
  });
  if (free) await new Promise<void>((r) => srv.close(() => r()));
  return free;
}

/** A port, even when asked, for which `usable` holds (it checks the neighbours the peer also takes). */
export async function freePortWhere(
  usable: (port: number) => Promise<boolean>,
  { even = false } = {},
): Promise<number> {
  for (;;) {
    const port = even ? (await freeUdpPort()) & ~1 : await freeUdpPort();
    if (await usable(port)) return port;
  }
}
