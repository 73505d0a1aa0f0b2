import { Uint8ArrayList } from 'uint8arraylist'
import { MAX_FRAME_BYTES } from './constants.js'
import { FrameTooLargeError, MalformedFrameError, StreamClosedError, StreamResetError } from './errors.js'
import { encodeVarint, readVarint, varintLength } from './varint.js'
import { IntelmeshError } from '../errors.js'
import type { AbortOptions, Stream, StreamCloseEvent, StreamMessageEvent } from '@libp2p/interface'

/** Options of a framed stream. */
export interface FramedStreamInit {
  /** Largest frame (payload bytes, without the length prefix) read or written. @default MAX_FRAME_BYTES (4 MiB) */
  maxFrameBytes?: number
}

/**
 * Length-prefixed frames (unsigned varint length, then the bytes: the libp2p
 * `lpStream` wire format) over a libp2p 3 stream, with a size limit on both
 * ends and backpressure in both directions.
 *
 * Reading pauses the stream while more than one whole frame waits unread (a
 * paused yamux stream stops granting window, so the sender stalls); writing
 * waits for the `drain` event whenever `send()` reports a full buffer.
 * `lpStream` is not used because it reports a clean end of stream and a frame
 * cut short with the same error, and never pauses its source.
 *
 * Any framing violation (oversized, malformed, truncated) resets the stream and
 * throws a typed error; other streams on the connection are untouched.
 */
export class FramedStream {
  /** The underlying stream. */
  readonly stream: Stream
  private readonly maxFrameBytes: number
  private readonly maxPrefixBytes: number
  private readonly highWater: number
  private readonly buffer = new Uint8ArrayList()
  private ended = false
  private failure: Error | undefined
  private wake: PromiseWithResolvers<void> | undefined

  constructor (stream: Stream, init: FramedStreamInit = {}) {
    this.stream = stream
    this.maxFrameBytes = init.maxFrameBytes ?? MAX_FRAME_BYTES
    this.maxPrefixBytes = varintLength(this.maxFrameBytes)
    this.highWater = this.maxFrameBytes + this.maxPrefixBytes
    stream.addEventListener('message', this.onMessage)
    stream.addEventListener('remoteCloseWrite', this.onEnd)
    stream.addEventListener('close', this.onClose)
    // the stream may have ended, or been reset, before it was wrapped
    if (stream.status === 'reset' || stream.status === 'aborted') {
      this.failure = new StreamResetError(`stream ${stream.protocol} was reset before it was read`)
    }
    if (stream.readableEnded || stream.remoteWriteStatus === 'closed') {
      if (stream.readBufferLength > 0) {
        // libp2p hands over bytes that arrived before our listener in a microtask
        // it queued just now: mark the end after them, or a short request sent
        // together with its end would read as a clean, empty stream
        queueMicrotask(this.onEnd)
      } else {
        this.ended = true
      }
    }
  }

  /** Next frame, or null when the remote closed its end cleanly between frames. */
  async read (options: AbortOptions = {}): Promise<Uint8Array | null> {
    while (true) {
      const frame = this.takeFrame()
      if (frame != null) {
        return frame
      }
      if (this.failure != null) {
        throw this.failure
      }
      if (this.ended) {
        if (this.buffer.byteLength === 0) {
          return null
        }
        throw this.fail(new MalformedFrameError(`stream ${this.stream.protocol} ended inside a frame (${this.buffer.byteLength} bytes buffered)`))
      }
      await this.waitForData(options.signal)
    }
  }

  /** Every frame until the remote closes cleanly; throws on a framing violation or reset. */
  async * frames (options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
    while (true) {
      const frame = await this.read(options)
      if (frame == null) {
        return
      }
      yield frame
    }
  }

  /** Writes one frame; resolves once the stream accepts more (backpressure). */
  async write (frame: Uint8Array, options: AbortOptions = {}): Promise<void> {
    await this.writeMany([frame], options)
  }

  /**
   * Writes several frames in one send. Every send costs a yamux frame and a
   * Noise seal, so a batch of small frames (a feed batch) is cheaper sent at once.
   * Nothing is sent if any frame is oversized.
   */
  async writeMany (frames: Uint8Array[], options: AbortOptions = {}): Promise<void> {
    const oversized = frames.find(frame => frame.byteLength > this.maxFrameBytes)
    if (oversized != null) {
      throw this.fail(new FrameTooLargeError(oversized.byteLength, this.maxFrameBytes))
    }
    if (this.failure != null) {
      throw this.failure
    }
    const bytes = new Uint8ArrayList()
    for (const frame of frames) {
      bytes.append(encodeVarint(frame.byteLength), frame)
    }
    let accepted: boolean
    try {
      accepted = this.stream.send(bytes)
    } catch (err) {
      // libp2p throws StreamStateError once the writable end is closed or reset
      if ((err as Error).name === 'StreamStateError') {
        throw new StreamClosedError(`stream ${this.stream.protocol} is not writable (writeStatus ${this.stream.writeStatus})`, { cause: err })
      }
      throw err
    }
    if (!accepted) {
      await this.drained(options.signal)
    }
  }

  /** Closes the writable end once queued frames are sent; the stream stays readable. */
  async close (options: AbortOptions = {}): Promise<void> {
    await this.stream.close(options)
  }

  /** Resets the stream with `err`; pending and later reads and writes throw it. */
  abort (err: Error): void {
    this.fail(err)
  }

  private readonly onMessage = (evt: StreamMessageEvent): void => {
    this.buffer.append(evt.data)
    if (this.buffer.byteLength > this.highWater && this.stream.readStatus === 'readable') {
      this.stream.pause()
    }
    this.notify()
  }

  private readonly onEnd = (): void => {
    this.ended = true
    this.notify()
  }

  private readonly onClose = (evt: StreamCloseEvent): void => {
    if (evt.error != null && this.failure == null) {
      // our own typed errors (timeout, frame limits) pass through; anything else is a reset
      this.failure = evt.error instanceof IntelmeshError
        ? evt.error
        : new StreamResetError(`stream ${this.stream.protocol} was reset`, { cause: evt.error })
    }
    this.ended = true
    this.stream.removeEventListener('message', this.onMessage)
    this.stream.removeEventListener('remoteCloseWrite', this.onEnd)
    this.stream.removeEventListener('close', this.onClose)
    this.notify()
  }

  /** Removes and returns the first whole frame in the buffer, if there is one. */
  private takeFrame (): Uint8Array | undefined {
    const prefix = readVarint(this.buffer, this.maxPrefixBytes)
    if (prefix.kind === 'too-long') {
      throw this.fail(new FrameTooLargeError(Math.pow(128, this.maxPrefixBytes), this.maxFrameBytes))
    }
    if (prefix.kind === 'incomplete') {
      return undefined
    }
    if (prefix.value > this.maxFrameBytes) {
      throw this.fail(new FrameTooLargeError(prefix.value, this.maxFrameBytes))
    }
    const end = prefix.bytes + prefix.value
    if (this.buffer.byteLength < end) {
      return undefined
    }
    const frame = this.buffer.subarray(prefix.bytes, end)
    this.buffer.consume(end)
    if (this.stream.readStatus === 'paused' && this.buffer.byteLength <= this.highWater) {
      this.stream.resume()
    }
    return frame
  }

  private fail (err: Error): Error {
    if (this.failure == null) {
      this.failure = err
      this.buffer.consume(this.buffer.byteLength)
      this.stream.abort(err)
    }
    return this.failure
  }

  private notify (): void {
    this.wake?.resolve()
    this.wake = undefined
  }

  private async waitForData (signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted()
    this.wake ??= Promise.withResolvers<void>()
    await raceAbort(this.wake.promise, signal)
  }

  private async drained (signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted()
    // wait for the 'drain' event, not stream.onDrain(): in libp2p 3.3 that promise settles only once per stream
    const { promise, resolve, reject } = Promise.withResolvers<void>()
    const onDrain = (): void => { resolve() }
    const onClose = (): void => { reject(this.failure ?? new StreamResetError(`stream ${this.stream.protocol} closed while writing`)) }
    this.stream.addEventListener('drain', onDrain)
    this.stream.addEventListener('close', onClose)
    try {
      await raceAbort(promise, signal)
    } finally {
      this.stream.removeEventListener('drain', onDrain)
      this.stream.removeEventListener('close', onClose)
    }
  }
}

/** Wraps a stream for length-prefixed frames; make one per stream and use it for every read and write. */
export function framed (stream: Stream, init: FramedStreamInit = {}): FramedStream {
  return new FramedStream(stream, init)
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
async function raceAbort<T> (promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal == null) {
    return await promise
  }
  const { promise: aborted, reject } = Promise.withResolvers<never>()
  const onAbort = (): void => { reject(signal.reason) }
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    return await Promise.race([promise, aborted])
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
