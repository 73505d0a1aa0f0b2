/**
 * Small byte helpers shared by crypto and envelope. They return plain
 * Uint8Array views (never Buffer) so that callers compare and serialise
 * bytes the same way whatever produced them.
 */

/** A zero-copy Uint8Array view of a Buffer (or any Uint8Array subclass). */
export function asUint8Array (buf: Uint8Array): Uint8Array {
  return buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
}

/** A zero-copy Buffer view, for node:crypto and fast hex encoding. */
export function asBuffer (bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Lowercase hex of `bytes`. */
export function toHex (bytes: Uint8Array): string {
  return asBuffer(bytes).toString('hex')
}

/** Concatenates `parts` into one new Uint8Array. */
export function concatBytes (...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Byte-wise equality (not constant time: use node:crypto timingSafeEqual for secrets). */
export function bytesEqual (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0
}

/** Lexicographic order of two byte strings: negative, zero or positive. */
export function compareBytes (a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b)
}

/** True when every byte is zero; reads all bytes so time does not depend on where a one is. */
export function isAllZero (bytes: Uint8Array): boolean {
  let acc = 0
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i] as number
  return acc === 0
}
