import { BackupTruncatedError } from './errors.js'
import type { Hash } from 'node:crypto'

/**
 * Reads exact byte counts from a stream of chunks, hashing what it hands out
 * (except what `readRaw` takes: the trailer). An end of stream in the middle
 * of a read is a truncated backup.
 */
export class ByteReader {
  private readonly source: AsyncIterator<Buffer>
  private readonly hash: Hash
  private chunks: Buffer[] = []
  private buffered = 0
  private ended = false
  /** Bytes handed out so far. */
  consumed = 0

  constructor (source: AsyncIterable<Buffer>, hash: Hash) {
    this.source = source[Symbol.asyncIterator]()
    this.hash = hash
  }

  /** Exactly `n` bytes, hashed; BackupTruncatedError naming `what` when the stream ends first. */
  async read (n: number, what: string): Promise<Buffer> {
    const bytes = await this.readRaw(n, what)
    this.hash.update(bytes)
    return bytes
  }

  /** Exactly `n` bytes, not hashed. */
  async readRaw (n: number, what: string): Promise<Buffer> {
    if (n === 0) return Buffer.alloc(0) // empty values are common: every index value is ''
    while (this.buffered < n) {
      if (!await this.pull()) throw new BackupTruncatedError(`backup ends inside ${what} after ${this.consumed + this.buffered} bytes`)
    }
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

  /** True when nothing follows what was read. */
  async atEnd (): Promise<boolean> {
    while (this.buffered === 0) if (!await this.pull()) return true
    return false
  }

  private async pull (): Promise<boolean> {
    if (this.ended) return false
    const next = await this.source.next()
    if (next.done === true) { this.ended = true; return false }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array)
    if (chunk.length > 0) { this.chunks.push(chunk); this.buffered += chunk.length }
    return true
  }
}
