import { FrameTooLargeError, MalformedFrameError } from '../network/index.js'
import { ProtocolViolationError } from './errors.js'

// Errors lpStream and framed() throw for a frame the peer wrote wrongly: a
// length varint that is negative or too long, a length over the limit, or a
// stream the peer closed (gracefully) in the middle of a frame. A reset or a
// closed connection is not among them: a crashing honest peer causes those.
const FRAMING_ERROR_CODES = new Set([
  'ERR_INVALID_MSG_LENGTH', 'ERR_MSG_DATA_TOO_LONG', 'ERR_MSG_LENGTH_TOO_LONG',
  // the same faults as the network layer's framed() reports them (it tells a frame cut short from a clean end)
  'NETWORK_FRAME_TOO_LARGE', 'NETWORK_MALFORMED_FRAME'
])
const FRAMING_ERROR_NAMES = new Set(['InvalidMessageLengthError', 'InvalidDataLengthError', 'InvalidDataLengthLengthError'])

/**
 * The error as a ProtocolViolationError when it is the peer's fault (bad
 * framing), else undefined. `truncation: false` where a clean end of stream
 * is legitimate: lpStream reports a clean end between frames and a frame cut
 * short with the same UnexpectedEOFError, so neither can then be blamed.
 */
export function framingViolation (err: unknown, what: string, options: { truncation?: boolean } = {}): ProtocolViolationError | undefined {
  if (err instanceof ProtocolViolationError) return err
  if (!(err instanceof Error)) return undefined
  // framed() (feed and fetch clients): an oversized or malformed prefix, or a frame cut short.
  if (err instanceof FrameTooLargeError || (err instanceof MalformedFrameError && options.truncation !== false)) {
    return new ProtocolViolationError(`${what}: ${err.message}`, { cause: err })
  }
  const code = (err as { code?: unknown }).code
  const truncated = err.name === 'UnexpectedEOFError' && options.truncation !== false
  if ((typeof code === 'string' && FRAMING_ERROR_CODES.has(code)) || FRAMING_ERROR_NAMES.has(err.name) || truncated) {
    return new ProtocolViolationError(`${what}: ${err.message}`, { cause: err })
  }
  return undefined
}

/** Decodes an untrusted protocol message; a codec failure is the peer's protocol violation. */
export function decodeMessage<T> (what: string, decode: () => T): T {
  try {
    return decode()
  } catch (err) {
    throw new ProtocolViolationError(`${what} does not decode: ${(err as Error).message}`, { cause: err })
  }
}
