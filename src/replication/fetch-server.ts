import { lpStream } from '@libp2p/utils'
import { FETCH_SEND_CHUNK_BYTES, MAX_CONTROL_FRAME_BYTES, MAX_FETCH_IDS, REQUEST_TIMEOUT_MS } from './constants.js'
import { ProtocolViolationError } from './errors.js'
import { FetchRequest, FetchResponse } from './messages.js'
import { maySendTo } from './send-check.js'
import { framingViolation } from './violation.js'
import type { Sends } from './send-audit.js'
import type { DirectoryView } from '../directory/types.js'
import type { JurisdictionGroups } from '../directory/types.js'
import type { Store } from '../store/store.js'
import type { Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** The refusal of an id this node does not hold (never seen, or retracted or purged since). */
const NOT_STORED = 'not stored here'

/** Collaborators of the fetch server. */
export interface FetchServerComponents {
  store: Store
  directory: DirectoryView
  groups: () => JurisdictionGroups
  logger: Logger
  now: () => number
  /** Counts a protocol violation against the peer. */
  penalise: (peer: string, code: string, reason: string) => void
  /** Records what one request sent and withheld (audit log and metrics, see SendAudit). */
  recordSends: (peer: string, sends: Sends) => void
}

/**
 * The serving side of `/intelmesh/fetch/1.0.0`: one request of up to
 * MAX_FETCH_IDS ids, answered with one response per id, in order. Every
 * envelope passes the send check again here — the feed's earlier decision is
 * not trusted, since the directory or the bundle may have changed since.
 * What each request sent and refused goes to the audit log (SendAudit).
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
    // Every read of the request at once (records are small), and responses
    // written in chunks of about FETCH_SEND_CHUNK_BYTES: a round of awaits per
    // id made a loaded node answer one envelope per event-loop turn or two.
    const hexIds = ids.map(raw => Buffer.from(raw).toString('hex'))
    const records = await store.getRecords(hexIds)
    const verdicts = hexIds.map((id, i): { raw: Uint8Array<ArrayBuffer>, id: string, refused?: string, size: number } => {
      const record = records[i]
      const raw = ids[i]!
      if (record == null) return { raw, id, refused: NOT_STORED, size: 0 }
      const decision = maySendTo({ id, origin: record.origin, policy: record.policy, recipients: record.recipients }, peer, directory, groups())
      if (!decision.ok) return { raw, id, refused: decision.reason, size: 0 }
      if (record.size + 64 > this.maxFrameBytes) return { raw, id, refused: 'envelope exceeds the frame limit', size: 0 }
      return { raw, id, size: record.size }
    })
    for (let start = 0; start < verdicts.length;) {
      let end = start
      let bytes = 0
      while (end < verdicts.length && (end === start || bytes + verdicts[end]!.size <= FETCH_SEND_CHUNK_BYTES)) bytes += verdicts[end++]!.size
      const chunk = verdicts.slice(start, end)
      start = end
      const envelopes = await Promise.all(chunk.map(async v => v.refused == null ? store.getEnvelope(v.id) : undefined))
      const frames = chunk.map((v, i) => {
        const envelope = envelopes[i]
        const reason = v.refused ?? (envelope == null ? NOT_STORED : undefined)
        if (reason != null || envelope == null) {
          refused.push({ id: v.id, reason: reason ?? NOT_STORED })
          return FetchResponse.encode({ id: v.raw, refused: reason })
        }
        sent.push(v.id)
        return FetchResponse.encode({ id: v.raw, envelope: envelope as Uint8Array<ArrayBuffer> })
      })
      await lp.writeV(frames)
    }
    // Ids not stored here are counted, not listed, and alone write no record: one
    // synced ~100 KB audit record per request of 1,000 unknown ids let a member
    // fill the disk and starve every other write (test/adversarial/flood.spec.ts).
    const withheld = refused.filter(r => r.reason !== NOT_STORED)
    const missing = refused.length - withheld.length
    this.components.recordSends(peer, { sent, refused: withheld, missing })
    if (missing > 0) await this.strikeIfNeverHeld(refused.filter(r => r.reason === NOT_STORED).map(r => r.id), peer)
  }

  /**
   * An honest requester asks only for ids we announced to it, and an
   * announced id is stored here or, once retracted or purged, tombstoned.
   * Asking for an id this node never held is guessing (or a flood): one
   * strike per such request, so the penalty box bounds the load.
   */
  private async strikeIfNeverHeld (missing: string[], peer: string): Promise<void> {
    for (const id of missing) {
      if (!(await this.components.store.isTombstoned(id))) {
        this.components.penalise(peer, 'FETCH_NEVER_HELD', `fetch request names bundle ${id}, which this node never held or announced`)
        return
      }
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
