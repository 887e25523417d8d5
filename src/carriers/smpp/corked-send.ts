/**
 * Sends a PDU with its socket corked until the end of the current tick: PDUs sent together (the
 * submits of one dispatch round, the receipt acknowledgements of one committed flush, a burst of
 * receipts) leave in one write instead of one system call each.
 */
import type { Socket } from 'node:net';
import type smpp from 'smpp';

const corked = new WeakSet<Socket>();

export function sendCorked(
  session: smpp.Session,
  pdu: smpp.PDU,
  onResponse?: (resp: smpp.PDU) => void,
): boolean {
  const socket = session.socket;
  if (!corked.has(socket) && socket.writable) {
    corked.add(socket);
    socket.cork();
    process.nextTick(() => {
      corked.delete(socket);
      socket.uncork();
    });
  }
  return session.send(pdu, onResponse);
}
