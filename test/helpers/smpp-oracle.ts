// The `smpp` package as the tests' oracle for SMPP: the bytes it writes for a PDU (what an SMSC or
// ESME built on it sends), Herald's own SMPP code being the other implementation.
import smpp from 'smpp';

export function packageBytes(
  command: string,
  fields: Record<string, unknown>,
  sequence: number,
  status = 0,
): Buffer {
  const pdu = new smpp.PDU(command, { ...fields, ...(status !== 0 && { command_status: status }) });
  pdu.sequence_number = sequence;
  return (pdu as unknown as { toBuffer(): Buffer }).toBuffer();
}
