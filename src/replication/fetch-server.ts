import { lpStream } from '@libp2p/utils'
import { MAX_CONTROL_FRAME_BYTES, MAX_FETCH_IDS, REQUEST_TIMEOUT_MS } from './constants.js'
import { ProtocolViolationError } from './errors.js'
import { FetchRequest, FetchResponse } from './messages.js'
import { maySendTo } from './send-check.js'
import { framingViolation } from './violation.js'
import type { DirectoryView } from '../directory/types.js'
import type { JurisdictionGroups } from '../directory/types.js'
import type { Store } from '../store/store.js'
import type { Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** Collaborators of the fetch server. */
export interface FetchServerComponents {
  store: Store
  directory: DirectoryView
  groups: () => JurisdictionGroups
  logger: Logger
  now: () => number
  /** Counts a protocol violation against the peer. */
  penalise: (peer: string, code: string, reason: string) => void
  /** Counts envelopes sent (metrics). */
  onSent?: (count: number) => void
}

/**
 * The serving side of `/intelmesh/fetch/1.0.0`: one request of up to
 * MAX_FETCH_IDS ids, answered with one response per id, in order. Every
 * envelope passes the send check again here — the feed's earlier decision is
 * not trusted, since the directory or the bundle may have changed since.
 * One audit record per request lists what was sent and what was refused.
 */
export class FetchServer {
  private readonly components: FetchServerComponents
  private readonly maxFrameBytes: number

  constructor (components: FetchServerComponents, init: { maxFrameBytes: number }) {
    this.components = components
    this.maxFrameBytes = init.maxFrameBytes
  }

  /** Answers the requests of one stream (a requester may send several, one after another). */
  async serve (stream: Stream, peer: string): Promise<void> {
    const { logger } = this.components
    const lp = lpStream(stream, { maxDataLength: Math.max(MAX_CONTROL_FRAME_BYTES, MAX_FETCH_IDS * 40) })
    try {
      while (stream.status === 'open' && stream.readStatus !== 'closed') {
        let frame
        try {
          frame = await lp.read({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        } catch (err) {
          // A requester ends a stream after its last request: a clean end is not blamed.
          const violation = framingViolation(err, `fetch request of ${peer}`, { truncation: false })
          if (violation != null) throw violation
          break // end of stream, timeout or reset: the requester is done
        }
        const request = decodeRequest(frame.subarray())
        await this.answer(lp, request, peer)
      }
      await stream.close().catch(() => {})
    } catch (err) {
      if (err instanceof ProtocolViolationError) {
        this.components.penalise(peer, err.code, err.message)
      } else {
        logger.debug({ peer, err: (err as Error).message }, 'fetch stream failed')
      }
      stream.abort(err as Error)
    }
  }

  private async answer (lp: ReturnType<typeof lpStream>, ids: Array<Uint8Array<ArrayBuffer>>, peer: string): Promise<void> {
    const { store, directory, groups } = this.components
    const sent: string[] = []
    const refused: Array<{ id: string, reason: string }> = []
    for (const raw of ids) {
      const id = Buffer.from(raw).toString('hex')
      const record = await store.getRecord(id)
      const envelope = record == null ? undefined : await store.getEnvelope(id)
      if (record == null || envelope == null) {
        refused.push({ id, reason: 'not stored here' })
        await lp.write(FetchResponse.encode({ id: raw, refused: 'not stored here' }))
        continue
      }
      const decision = maySendTo({ id, origin: record.origin, policy: record.policy, recipients: record.recipients }, peer, directory, groups())
      if (!decision.ok) {
        refused.push({ id, reason: decision.reason })
        await lp.write(FetchResponse.encode({ id: raw, refused: decision.reason }))
        continue
      }
      if (envelope.byteLength + 64 > this.maxFrameBytes) {
        refused.push({ id, reason: 'envelope exceeds the frame limit' })
        await lp.write(FetchResponse.encode({ id: raw, refused: 'envelope exceeds the frame limit' }))
        continue
      }
      await lp.write(FetchResponse.encode({ id: raw, envelope: envelope as Uint8Array<ArrayBuffer> }))
      sent.push(id)
    }
    this.components.onSent?.(sent.length)
    if (sent.length > 0 || refused.length > 0) {
      await store.audit.append({ type: 'send', at: this.components.now(), peer, detail: { sent, refused } })
    }
  }
}

function decodeRequest (bytes: Uint8Array): Array<Uint8Array<ArrayBuffer>> {
  let request
  try {
    request = FetchRequest.decode(bytes, { limits: { ids: MAX_FETCH_IDS } })
  } catch (err) {
    throw new ProtocolViolationError(`malformed fetch request: ${(err as Error).message}`, { cause: err })
  }
  for (const id of request.ids) {
    if (id.byteLength !== 32) throw new ProtocolViolationError(`fetch request holds an id of ${id.byteLength} bytes; ids are 32 bytes`)
  }
  return request.ids
}
