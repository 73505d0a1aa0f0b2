import { EnvelopeMalformedError } from './errors.js'

/** The three parts of an envelope frame, as views into the frame bytes. */
export interface FrameParts {
  header: Uint8Array
  signature: Uint8Array
  ciphertext: Uint8Array
}

// Tags of Envelope fields 1..3, wire type 2 (length-delimited).
const HEADER_TAG = 0x0a
const SIGNATURE_TAG = 0x12
const CIPHERTEXT_TAG = 0x1a

/**
 * Parses the outer Envelope message strictly: exactly the canonical protobuf
 * encoding `Envelope.encode` writes (fields 1, 2, 3 in order, each present,
 * minimal length varints, nothing after). The frame is not signed, so this is
 * what stops a relay from forwarding a different byte string for the same
 * envelope: protons would accept other wire types, unknown fields and
 * repeated fields. Returns views, copies nothing.
 */
export function parseFrame (bytes: Uint8Array): FrameParts {
  let offset = 0
  const field = (tag: number, name: string): Uint8Array => {
    if (bytes[offset] !== tag) throw new EnvelopeMalformedError(`envelope.${name} is missing or out of place`)
    offset++
    const length = readLength(bytes, offset, name)
    offset += length.size
    if (length.value > bytes.length - offset) throw new EnvelopeMalformedError(`envelope.${name} runs past the end of the frame`)
    const value = bytes.subarray(offset, offset + length.value)
    offset += length.value
    return value
  }
  const header = field(HEADER_TAG, 'header')
  const signature = field(SIGNATURE_TAG, 'signature')
  const ciphertext = field(CIPHERTEXT_TAG, 'ciphertext')
  if (offset !== bytes.length) throw new EnvelopeMalformedError(`envelope has ${bytes.length - offset} bytes after the ciphertext`)
  return { header, signature, ciphertext }
}

/** A minimal (canonical) unsigned varint of at most 4 bytes, i.e. below 2^28. */
function readLength (bytes: Uint8Array, start: number, name: string): { value: number, size: number } {
  let value = 0
  for (let i = 0; i < 4; i++) {
    const byte = bytes[start + i]
    if (byte === undefined) throw new EnvelopeMalformedError(`envelope.${name} length is truncated`)
    value += (byte & 0x7f) * 2 ** (7 * i)
    if (byte < 0x80) {
      if (byte === 0 && i > 0) throw new EnvelopeMalformedError(`envelope.${name} length is not minimally encoded`)
      return { value, size: i + 1 }
    }
  }
  throw new EnvelopeMalformedError(`envelope.${name} length is too large`)
}
