/** Lowercase hex bundle id -> its 32 bytes. */
export function hexToBytes (hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}
