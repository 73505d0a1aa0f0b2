import type { Uint8ArrayList } from 'uint8arraylist'

/** Result of reading an unsigned LEB128 varint from the head of a buffer. */
export type VarintRead =
  | { kind: 'value', value: number, bytes: number }
  | { kind: 'incomplete' }
  | { kind: 'too-long' }

/** Bytes an unsigned varint of `value` takes (1 for 0..127). */
export function varintLength (value: number): number {
  let bytes = 1
  let rest = Math.floor(value / 128)
  while (rest > 0) {
    bytes++
    rest = Math.floor(rest / 128)
  }
  return bytes
}

/** Unsigned LEB128 encoding of a non-negative safe integer (the length prefix of multiformats). */
export function encodeVarint (value: number): Uint8Array {
  const out = new Uint8Array(varintLength(value))
  let rest = value
  for (let i = 0; i < out.length; i++) {
    const low = rest % 128
    rest = Math.floor(rest / 128)
    out[i] = rest > 0 ? low | 0x80 : low
  }
  return out
}

/**
 * Reads an unsigned varint from the start of `buffer` without consuming it.
 * Stops after `maxBytes` bytes: a longer prefix declares a length larger than
 * any frame we accept, and reading on would let a peer make us buffer forever.
 */
export function readVarint (buffer: Uint8ArrayList, maxBytes: number): VarintRead {
  let value = 0
  let scale = 1
  const available = Math.min(buffer.byteLength, maxBytes)
  for (let i = 0; i < available; i++) {
    const byte = buffer.get(i)
    value += (byte & 0x7f) * scale
    if ((byte & 0x80) === 0) {
      return { kind: 'value', value, bytes: i + 1 }
    }
    scale *= 128
  }
  return buffer.byteLength >= maxBytes ? { kind: 'too-long' } : { kind: 'incomplete' }
}
