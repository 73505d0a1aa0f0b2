import { framed } from '../network/index.js'
import { FETCH_PROTOCOL, FETCH_STREAM_IDLE_MS } from './constants.js'
import type { FramedStream } from '../network/index.js'
import type { Stream } from '@libp2p/interface'

/** One fetch stream to a peer: it carries one request at a time, then may carry the next. */
export interface FetchChannel {
  readonly frames: FramedStream
  /** It carried a request before (an idle stream the peer may have closed meanwhile). */
  readonly reused: boolean
}

/** Collaborators of the channel pool. */
export interface FetchChannelsComponents {
  openStream: (peer: string, protocol: string) => Promise<Stream>
}

interface Idle { frames: FramedStream, timer: NodeJS.Timeout }

/**
 * Keeps finished fetch streams open for the next request to the same peer.
 * A new stream costs a multistream-select round and a peer-store update on
 * both sides; at live-delivery rates (a request of one or two ids per
 * publication) that was more than the request itself. A stream is reused
 * only after its previous request was answered in full, so requests never
 * interleave on it, and an idle stream is closed after FETCH_STREAM_IDLE_MS
 * (shorter than the server's request timeout, so we close first).
 */
export class FetchChannels {
  private readonly components: FetchChannelsComponents
  private readonly maxFrameBytes: number
  private readonly idleMs: number
  private readonly idle = new Map<string, Idle[]>()

  constructor (components: FetchChannelsComponents, init: { maxFrameBytes: number, idleMs?: number }) {
    this.components = components
    this.maxFrameBytes = init.maxFrameBytes
    this.idleMs = init.idleMs ?? FETCH_STREAM_IDLE_MS
  }

  /** An idle open stream to `peer`, or a new one. */
  async acquire (peer: string, options: { fresh?: boolean } = {}): Promise<FetchChannel> {
    const list = this.idle.get(peer)
    while (options.fresh !== true && list != null && list.length > 0) {
      const { frames, timer } = list.pop()!
      clearTimeout(timer)
      if (usable(frames.stream)) return { frames, reused: true }
      frames.stream.abort(new Error('fetch stream no longer usable'))
    }
    const stream = await this.components.openStream(peer, FETCH_PROTOCOL)
    // framed pauses the stream while a whole response waits unread (we are
    // busy in the pipeline), so the responder stalls instead of filling our memory.
    return { frames: framed(stream, { maxFrameBytes: this.maxFrameBytes + 1024 }), reused: false }
  }

  /** The channel's request was answered in full: keep it for the next one. */
  release (peer: string, channel: FetchChannel): void {
    const { frames } = channel
    if (!usable(frames.stream)) {
      frames.stream.abort(new Error('fetch stream no longer usable'))
      return
    }
    const list = this.idle.get(peer) ?? []
    const entry: Idle = {
      frames,
      timer: setTimeout(() => {
        this.idle.set(peer, (this.idle.get(peer) ?? []).filter(e => e !== entry))
        if (this.idle.get(peer)?.length === 0) this.idle.delete(peer)
        void frames.stream.close().catch(() => {})
      }, this.idleMs).unref()
    }
    list.push(entry)
    this.idle.set(peer, list)
  }

  /** Closes the idle streams of `peer` (it disconnected). */
  closePeer (peer: string): void {
    for (const { frames, timer } of this.idle.get(peer) ?? []) {
      clearTimeout(timer)
      frames.stream.abort(new Error('fetch peer dropped'))
    }
    this.idle.delete(peer)
  }

  /** Closes every idle stream (shutdown). */
  closeAll (): void {
    for (const peer of [...this.idle.keys()]) this.closePeer(peer)
  }
}

function usable (stream: Stream): boolean {
  return stream.status === 'open' && stream.writeStatus === 'writable' && stream.remoteWriteStatus === 'writable'
}
