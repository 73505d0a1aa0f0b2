import { TRAILER_BYTES } from './constants.js'
import { BackupTruncatedError } from './errors.js'
import type { Hash } from 'node:crypto'

const EMPTY = Buffer.alloc(0)

/**
 * Reads exact byte counts from a stream of chunks. It hashes the stream as
 * chunks arrive, always holding back the last TRAILER_BYTES: once the stream
 * ends, the hash covers everything but its final 32 bytes — which, in a
 * well-formed backup, are the trailer. (One hash update per chunk, not per
 * field: per-field updates were most of the cost of verifying a backup.)
 * An end of stream in the middle of a read is a truncated backup.
 */
export class ByteReader {
  private readonly source: AsyncIterator<Buffer>
  private readonly hash: Hash
  private chunks: Buffer[] = []
  private buffered = 0
  private ended = false
  private held: Buffer = Buffer.alloc(0)
  /** Bytes handed out so far. */
  consumed = 0

  constructor (source: AsyncIterable<Buffer>, hash: Hash) {
    this.source = source[Symbol.asyncIterator]()
    this.hash = hash
  }

  /** Exactly `n` bytes (a view of the stream's chunks when it can be); BackupTruncatedError naming `what` when the stream ends first. */
  async read (n: number, what: string): Promise<Buffer> {
    while (this.buffered < n) {
      if (!await this.pull()) throw new BackupTruncatedError(`backup ends inside ${what} after ${this.consumed + this.buffered} bytes`)
    }
    return this.take(n)
  }

  /** Exactly `n` bytes if they are buffered already, else undefined: a record is read without an await per field. */
  readSync (n: number): Buffer | undefined {
    return this.buffered >= n ? this.take(n) : undefined
  }

  private take (n: number): Buffer {
    if (n === 0) return EMPTY // empty values are common: every index value is ''
    let out: Buffer
    const first = this.chunks[0]!
    if (first.length >= n) {
      out = first.subarray(0, n)
      if (first.length === n) this.chunks.shift(); else this.chunks[0] = first.subarray(n)
    } else {
      out = Buffer.allocUnsafe(n)
      let filled = 0
      while (filled < n) {
        const chunk = this.chunks[0]!
        const part = Math.min(chunk.length, n - filled)
        chunk.copy(out, filled, 0, part)
        filled += part
        if (part === chunk.length) this.chunks.shift(); else this.chunks[0] = chunk.subarray(part)
      }
    }
    this.buffered -= n
    this.consumed += n
    return out
  }

  /** Reads the stream to its end; true when nothing followed what was read. The hash is then complete. */
  async atEnd (): Promise<boolean> {
    let nothing = this.buffered === 0
    while (await this.pull()) nothing &&= this.buffered === 0
    return nothing
  }

  /** The last TRAILER_BYTES of the stream, which the hash does not cover (call after `atEnd`). */
  get unhashedTail (): Buffer {
    return this.held
  }

  private async pull (): Promise<boolean> {
    if (this.ended) return false
    const next = await this.source.next()
    if (next.done === true) { this.ended = true; return false }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array)
    if (chunk.length === 0) return true
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (chunk.length >= TRAILER_BYTES) {
      // The held bytes are not the stream's last ones after all.
      if (this.held.length > 0) this.hash.update(this.held)
      this.hash.update(chunk.subarray(0, chunk.length - TRAILER_BYTES))
      this.held = Buffer.from(chunk.subarray(chunk.length - TRAILER_BYTES))
    } else {
      const joined = Buffer.concat([this.held, chunk])
      const cut = Math.max(0, joined.length - TRAILER_BYTES)
      if (cut > 0) this.hash.update(joined.subarray(0, cut))
      this.held = joined.subarray(cut)
    }
    return true
  }
}
