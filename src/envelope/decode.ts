import { MaxLengthError } from 'protons-runtime'
import { asUint8Array } from '../crypto/bytes.js'
import { ED25519_SIGNATURE_LENGTH } from '../crypto/constants.js'
import { MAX_POLICY_ENTRIES } from './constants.js'
import { bundleId } from './derive.js'
import { Header } from './envelope.js'
import { EnvelopeError, EnvelopeMalformedError, EnvelopeTooLargeError } from './errors.js'
import { parseFrame } from './frame.js'
import { HeaderView } from './header-view.js'
import { DEFAULT_ENVELOPE_LIMITS } from './limits.js'
import { validateHeader } from './validate.js'
import type { EnvelopeLimits } from './limits.js'
import type { DecodedEnvelope } from './types.js'

/**
 * Stage 1 of the receive pipeline: sizes, then decoding, then structure. No
 * keys, no clock. The frame is checked before it is decoded and the header
 * before it is decoded; repeated fields are capped while decoding, so a
 * hostile frame cannot make us allocate more than the limits allow.
 * Throws EnvelopeTooLargeError or EnvelopeMalformedError.
 */
export function decodeEnvelope (received: Uint8Array, limits: EnvelopeLimits = DEFAULT_ENVELOPE_LIMITS): DecodedEnvelope {
  // A Buffer from the network or LevelDB becomes a plain view (no copy), so
  // every byte field of the result is a Uint8Array, as sealEnvelope returns.
  const bytes = asUint8Array(received)
  if (bytes.length > limits.maxFrameBytes) {
    throw new EnvelopeTooLargeError(`envelope frame is ${bytes.length} bytes, more than ${limits.maxFrameBytes}`)
  }
  // The outer message only slices `bytes` into three views: no copies.
  const frame = parseFrame(bytes)
  if (frame.header.length > limits.maxHeaderBytes) {
    throw new EnvelopeTooLargeError(`envelope header is ${frame.header.length} bytes, more than ${limits.maxHeaderBytes}`)
  }
  if (frame.signature.length !== ED25519_SIGNATURE_LENGTH) {
    throw new EnvelopeMalformedError(`envelope.signature must be ${ED25519_SIGNATURE_LENGTH} bytes, got ${frame.signature.length}`)
  }
  const header = decodeOrThrow('header', () => Header.decode(frame.header, {
    limits: {
      recipients: limits.maxRecipients,
      policy: { allow: MAX_POLICY_ENTRIES, deny: MAX_POLICY_ENTRIES, groups: MAX_POLICY_ENTRIES, members: limits.maxRecipients }
    }
  }))
  const { policy, numbers } = validateHeader(header, frame.ciphertext.length, limits)
  return {
    id: bundleId(frame.header),
    bytes,
    headerBytes: frame.header,
    signature: frame.signature,
    ciphertext: frame.ciphertext,
    header: new HeaderView(header, policy, numbers)
  }
}

/**
 * Runs a protons decode of untrusted bytes. Whatever the codec throws (its
 * errors are untyped: RangeError, Error('Invalid enum value'), MaxLengthError)
 * means the bytes are bad; a repeated field over its cap is "too large".
 */
function decodeOrThrow<T> (what: string, decode: () => T): T {
  try {
    return decode()
  } catch (err) {
    if (err instanceof EnvelopeError) throw err
    if (err instanceof MaxLengthError) {
      throw new EnvelopeTooLargeError(`${what} has a repeated field over its limit`, { cause: err })
    }
    throw new EnvelopeMalformedError(`${what} does not decode as protobuf`, { cause: err })
  }
}
