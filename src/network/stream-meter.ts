import { StreamTimeoutError } from './errors.js'
import type { Stream } from '@libp2p/interface'

/** Bytes in and out, in total and per protocol. */
export class TrafficCounter {
  private bytesIn = 0
  private bytesOut = 0
  private readonly perProtocol = new Map<string, { bytesIn: number, bytesOut: number }>()

  /** Counts bytes delivered to a reader of a `protocol` stream. */
  addIn (protocol: string, bytes: number): void {
    this.bytesIn += bytes
    this.entry(protocol).bytesIn += bytes
  }

  /** Counts bytes written to a `protocol` stream. */
  addOut (protocol: string, bytes: number): void {
    this.bytesOut += bytes
    this.entry(protocol).bytesOut += bytes
  }

  /** Totals, or the totals of one protocol (zeros for a protocol never used). */
  totals (protocol?: string): { bytesIn: number, bytesOut: number } {
    if (protocol == null) {
      return { bytesIn: this.bytesIn, bytesOut: this.bytesOut }
    }
    const entry = this.perProtocol.get(protocol)
    return { bytesIn: entry?.bytesIn ?? 0, bytesOut: entry?.bytesOut ?? 0 }
  }

  private entry (protocol: string): { bytesIn: number, bytesOut: number } {
    let entry = this.perProtocol.get(protocol)
    if (entry == null) {
      entry = { bytesIn: 0, bytesOut: 0 }
      this.perProtocol.set(protocol, entry)
    }
    return entry
  }
}

/** Options of `meterStream`. */
export interface MeterStreamOptions {
  /** Where bytes are counted. */
  traffic: TrafficCounter
  /** Reset the stream after this long without a byte either way (ms); 0 disables. */
  idleTimeoutMs: number
}

/**
 * Counts a stream's bytes and resets it when idle. yamux in libp2p 3.3 ignores
 * the stream's `inactivityTimeout`, so the idle timer is ours.
 *
 * The meter hooks `send` and `dispatchEvent` of this one stream instead of
 * adding a 'message' listener: libp2p buffers incoming data only while no
 * 'message' listener exists, so a listener of ours would make a handler that
 * attaches its reader a moment later lose the first bytes.
 */
export function meterStream (stream: Stream, options: MeterStreamOptions): void {
  const protocol = stream.protocol
  const { traffic, idleTimeoutMs } = options
  let timer: NodeJS.Timeout | undefined
  if (idleTimeoutMs > 0) {
    timer = setTimeout(() => {
      stream.abort(new StreamTimeoutError(`stream ${protocol} idle for ${idleTimeoutMs} ms (idleTimeoutMs)`))
    }, idleTimeoutMs)
    timer.unref()
    stream.addEventListener('close', () => { clearTimeout(timer) }, { once: true })
  }

  const send = stream.send.bind(stream)
  stream.send = (data) => {
    traffic.addOut(protocol, data.byteLength)
    timer?.refresh()
    return send(data)
  }

  const dispatchEvent = stream.dispatchEvent.bind(stream)
  stream.dispatchEvent = (event) => {
    if (event.type === 'message' && 'data' in event) {
      traffic.addIn(protocol, (event.data as Uint8Array).byteLength)
      timer?.refresh()
    }
    return dispatchEvent(event)
  }
}
