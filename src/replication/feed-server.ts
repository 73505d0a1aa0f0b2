import { lpStream } from '@libp2p/utils'
import { FEED_BATCH_SIZE, FEED_HEAD_ONLY_INTERVAL_MS, FEED_LINGER_MS, MAX_CONTROL_FRAME_BYTES, REQUEST_TIMEOUT_MS } from './constants.js'
import { memberEpoch } from './epoch.js'
import { FeedBatcher } from './feed-batcher.js'
import { FeedMessage, FeedRequest } from './messages.js'
import { decodeMessage, framingViolation } from './violation.js'
import type { LogNotifier } from './log-notifier.js'
import type { Sends } from './send-audit.js'
import type { DirectoryView } from '../directory/types.js'
import type { JurisdictionGroups } from '../directory/types.js'
import type { Store } from '../store/store.js'
import type { SeenState } from '../store/types.js'
import type { Stream } from '@libp2p/interface'
import type { Logger } from 'pino'

/** Collaborators of the feed server. */
export interface FeedServerComponents {
  store: Store
  directory: DirectoryView
  notifier: LogNotifier
  groups: () => JurisdictionGroups
  groupsFingerprint: () => string
  logger: Logger
  /** Counts a protocol violation against the peer. */
  penalise: (peer: string, code: string, reason: string) => void
  /** Records envelopes sent with their announcement (audit log and metrics, see SendAudit). */
  recordSends?: (peer: string, sends: Sends) => void
}

/**
 * The publishing side of `/intelmesh/feed/1.0.0`. Speaks first (hello with
 * its log id and the subscriber's epoch), reads the subscriber's resume
 * position, then streams batches of `{pos, id}` for the envelopes the
 * subscriber may receive — listed, eligible and relayable by THIS node's
 * directory — and stays open for new ones. Writes await the stream, so a
 * slow subscriber slows its own feed and nothing queues up here.
 */
export class FeedServer {
  private readonly components: FeedServerComponents
  private readonly batchSize: number
  private readonly lingerMs: number
  private readonly headOnlyMs: number
  private readonly open = new Map<string, Set<AbortController>>()

  constructor (components: FeedServerComponents, init: { batchSize?: number, lingerMs?: number, headOnlyMs?: number } = {}) {
    this.components = components
    this.batchSize = init.batchSize ?? FEED_BATCH_SIZE
    this.lingerMs = init.lingerMs ?? FEED_LINGER_MS
    this.headOnlyMs = init.headOnlyMs ?? FEED_HEAD_ONLY_INTERVAL_MS
  }

  /**
   * Serves one feed subscription until the stream ends or `restart(peer)`/`stop()`
   * aborts it. `onRequest` hears the subscriber's request once it is read.
   */
  async serve (stream: Stream, peer: string, onRequest?: (request: FeedRequest) => void): Promise<void> {
    const { store, directory, notifier, logger } = this.components
    const controller = new AbortController()
    const streams = this.open.get(peer) ?? new Set()
    streams.add(controller)
    this.open.set(peer, streams)
    const onClose = (): void => { controller.abort() }
    stream.addEventListener('close', onClose)
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_CONTROL_FRAME_BYTES })
      const epoch = memberEpoch(directory.get(peer), this.components.groupsFingerprint())
      await lp.write(FeedMessage.encode({ hello: { logId: store.logId, epoch, since: 0n, seenFromYou: BigInt(highestSeen(await store.seenSeqs(peer))) } }), { signal: controller.signal })
      const frame = await lp.read({ signal: AbortSignal.any([controller.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) })
      const request = decodeMessage('feed request', () => FeedRequest.decode(frame))
      onRequest?.(request)
      const sameScope = request.logId === store.logId && request.epoch === epoch
      await this.announce(lp, peer, sameScope ? Number(request.since) : 0, controller.signal, { echo: request.echo === true, ownOnly: request.ownOnly === true })
    } catch (err) {
      const violation = framingViolation(err, `feed request of ${peer}`)
      if (violation != null) this.components.penalise(peer, violation.code, violation.message)
      else if (!controller.signal.aborted) logger.debug({ peer, err: (err as Error).message }, 'feed stream ended')
    } finally {
      stream.removeEventListener('close', onClose)
      streams.delete(controller)
      if (streams.size === 0) this.open.delete(peer)
      if (stream.status === 'open') stream.abort(new Error('feed closed'))
    }
  }

  /**
   * Streams batches of what `peer` may receive after `since`, forever. A batch
   * that announces one of this node's own publications, or is full, leaves at
   * once. One holding only relayed ids (which the subscriber most likely got
   * from their origin already) leaves at once after a quiet spell, else at
   * most one per FEED_LINGER_MS: a frame per stored bundle per peer was the
   * largest share of a delivery's messages (docs/performance.md). A moved
   * head alone, once the subscriber was told it reached our head, waits for
   * the next announcement or FEED_HEAD_ONLY_INTERVAL_MS.
   */
  private async announce (lp: ReturnType<typeof lpStream>, peer: string, from: number, signal: AbortSignal, scope: { echo: boolean, ownOnly: boolean }): Promise<void> {
    const { store, notifier } = this.components
    const batch = new FeedBatcher(this.components, { peer, ...scope })
    let since = from
    let sentHead = -1
    let sentTail = false
    let sentAt = 0
    let lingerUntil: number | undefined
    // Set once the subscriber has been told it reached our head: from then on the feed is live.
    let reachedTail = false
    const flush = async (): Promise<void> => {
      const tail = since >= await store.head()
      const { entries, inlined } = batch.take()
      await lp.write(FeedMessage.encode({ batch: { entries, head: BigInt(since), tail } }), { signal })
      if (inlined.length > 0) this.components.recordSends?.(peer, { sent: inlined, refused: [], missing: 0 })
      sentHead = since
      sentTail = tail
      sentAt = Date.now()
      reachedTail ||= tail
      lingerUntil = undefined
    }
    while (!signal.aborted) {
      // Everything up to `top` is committed and readable before the read starts.
      const top = await store.head()
      const entries = await store.readLog({ since, limit: this.batchSize })
      if (entries.length > 0) {
        // Once the subscriber has caught up, a short read is the live end of the log:
        // our own new publications travel with their announcement. A backlog (what
        // a returning subscriber missed) is announced by id and fetched in bulk, so a
        // subscriber that hears the same ids from several peers fetches each once.
        const live = reachedTail && entries.length < this.batchSize
        // One read for the whole batch, not one per entry (every subscriber reads every entry).
        await batch.add(entries, await store.getRecords(entries.map(entry => entry.id)), live)
        since = entries[entries.length - 1]!.pos
      }
      // A short read saw every live entry up to `top`: what lies between is
      // removed bundles (retracted, purged). Moving past them keeps a log that
      // ends in removed entries from looking like unread work forever.
      if (entries.length < this.batchSize && top > since) since = top
      if (since !== sentHead) {
        // A full read means a backlog (catch-up): send what we have and read on.
        if (batch.urgent || batch.size >= this.batchSize || entries.length >= this.batchSize) {
          await flush()
          continue
        }
        // Only the head moved, over entries not for this subscriber, which knows it was at our
        // head: tell it with the next announcement, or after headOnlyMs, not once per publication.
        // Meanwhile look for new entries as a lingering batch would: at our own publications,
        // else once per lingerMs (a wake per stored bundle per feed costs more than it saves).
        if (batch.size === 0 && sentTail) {
          const headDue = sentAt + this.headOnlyMs
          if (headDue <= Date.now()) {
            await flush()
            continue
          }
          await notifier.waitForOwn(since, Math.min(headDue, Date.now() + this.lingerMs), signal)
          continue
        }
        // Nagle-like: the first frame after a quiet spell leaves at once, then at most one per lingerMs.
        lingerUntil ??= Math.max(Date.now(), sentAt + this.lingerMs)
        if (lingerUntil <= Date.now()) {
          await flush()
          continue
        }
        await notifier.waitForOwn(since, lingerUntil, signal)
        continue
      }
      if (!sentTail) {
        // At our head with nothing new: say so (once), so a subscriber resuming here knows it is caught up.
        await flush()
        continue
      }
      await notifier.waitBeyond(since, signal)
      // Let the rest of the group commit that woke us land too: one batch for the group.
      await new Promise(resolve => setImmediate(resolve))
    }
  }

  /** Ends the open feeds of `peer` (its directory entry changed: it must resubscribe under a new epoch). */
  restart (peer: string): void {
    for (const controller of this.open.get(peer) ?? []) controller.abort()
  }

  /** Ends every open feed. */
  stop (): void {
    for (const peer of [...this.open.keys()]) this.restart(peer)
  }
}

/** The highest seq of a seen state (0 when none): what a restored origin must not hand out again. */
function highestSeen (seen: SeenState): number {
  return seen.above.length > 0 ? seen.above[seen.above.length - 1]! : seen.watermark
}
