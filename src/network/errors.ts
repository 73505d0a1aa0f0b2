import { IntelmeshError } from '../errors.js'

/** The peer is not an active member of this node's directory: no stream, no dial. */
export class NotAMemberError extends IntelmeshError {
  static override name = 'NotAMemberError'
  constructor (message: string) {
    super('NETWORK_NOT_A_MEMBER', message)
  }
}

/** A frame's declared or actual length exceeds the maximum frame size; the stream was reset. */
export class FrameTooLargeError extends IntelmeshError {
  static override name = 'FrameTooLargeError'
  /** Bytes the frame has (or declares). */
  readonly length: number
  /** Largest frame allowed on this stream. */
  readonly max: number

  constructor (length: number, max: number) {
    super('NETWORK_FRAME_TOO_LARGE', `frame length ${length} exceeds maxFrameBytes ${max}`)
    this.length = length
    this.max = max
  }
}

/** The stream ended in the middle of a frame, or the length prefix is not a valid varint. */
export class MalformedFrameError extends IntelmeshError {
  static override name = 'MalformedFrameError'
  constructor (message: string) {
    super('NETWORK_MALFORMED_FRAME', message)
  }
}

/** No byte moved on the stream for `idleTimeoutMs`; the stream was reset. */
export class StreamTimeoutError extends IntelmeshError {
  static override name = 'StreamTimeoutError'
  constructor (message: string) {
    super('NETWORK_STREAM_TIMEOUT', message)
  }
}

/** The stream was reset (by the remote, or locally) before the read or write finished. */
export class StreamResetError extends IntelmeshError {
  static override name = 'StreamResetError'
  constructor (message: string, options?: ErrorOptions) {
    super('NETWORK_STREAM_RESET', message, options)
  }
}

/** The stream's writable end is already closed (by us) or the stream ended; nothing more can be written. */
export class StreamClosedError extends IntelmeshError {
  static override name = 'StreamClosedError'
  constructor (message: string, options?: ErrorOptions) {
    super('NETWORK_STREAM_CLOSED', message, options)
  }
}

/** A stream to a member could not be opened (unreachable, protocol unsupported, refused); see `cause`. */
export class StreamOpenError extends IntelmeshError {
  static override name = 'StreamOpenError'
  constructor (message: string, options?: ErrorOptions) {
    super('NETWORK_STREAM_OPEN_FAILED', message, options)
  }
}

/** A member could not be reached: no address known and no member connected to ask the DHT. */
export class PeerUnreachableError extends IntelmeshError {
  static override name = 'PeerUnreachableError'
  constructor (message: string) {
    super('NETWORK_PEER_UNREACHABLE', message)
  }
}

/** The network was used before `start()` or after `stop()`. */
export class NetworkNotStartedError extends IntelmeshError {
  static override name = 'NetworkNotStartedError'
  constructor (message = 'network is not started') {
    super('NETWORK_NOT_STARTED', message)
  }
}

/** A network setting is out of range (names the field). */
export class InvalidNetworkConfigError extends IntelmeshError {
  static override name = 'InvalidNetworkConfigError'
  constructor (message: string) {
    super('NETWORK_INVALID_CONFIG', message)
  }
}
