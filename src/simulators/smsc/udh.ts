/**
 * Concatenation as a phone reads it from a User Data Header (3GPP TS 23.040 §9.2.3.24): the 8-bit
 * reference element (IEI 0x00: reference, total, sequence) or the 16-bit one (IEI 0x08). The
 * simulator gets the header's elements from the `smpp` package's decoder.
 */

/** The concatenation reference, total and part number (8- or 16-bit UDH reference, or SAR TLVs). */
export interface ConcatInfo {
  ref: number;
  seq: number;
  total: number;
  kind: 'udh8' | 'udh16' | 'sar';
}

/** From the UDH's information elements, each `[iei, length, ...data]`; the last concatenation one wins. */
export function concatOfUdhElements(elements: readonly Buffer[]): ConcatInfo | undefined {
  let found: ConcatInfo | undefined;
  for (const e of elements) {
    const iei = e[0];
    const length = e[1] ?? 0;
    if (e.length < 2 + length) continue;
    if (iei === 0x00 && length >= 3) found = { ref: e[2]!, total: e[3]!, seq: e[4]!, kind: 'udh8' };
    if (iei === 0x08 && length >= 4)
      found = { ref: e.readUInt16BE(2), total: e[4]!, seq: e[5]!, kind: 'udh16' };
  }
  return found;
}
