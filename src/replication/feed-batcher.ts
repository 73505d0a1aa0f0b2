import { FEED_INLINE_BATCH_BYTES, FEED_INLINE_ENVELOPE_MAX_BYTES } from './constants.js'
import { hexToBytes } from './hex.js'
import { maySendTo } from './send-check.js'
import type { FeedEntry } from './messages.js'
import type { DirectoryView, JurisdictionGroups } from '../directory/types.js'
import type { Store } from '../store/store.js'
import type { BundleRecord, LogEntry } from '../store/types.js'

/** What one feed batch carries when it leaves. */
export interface ReadyBatch {
  entries: FeedEntry[]
  /** Ids whose envelopes travel with their announcement (audited as sent). */
  inlined: string[]
}

/**
 * The next batch of one feed subscription, being filled: which log entries
 * the subscriber may receive (by THIS node's directory), and, once the feed
 * is live, the envelopes of this node's own publications to send with them.
 * It knows whether the batch should leave at once (`urgent`).
 */
export class FeedBatcher {
  /** The batch holds one of this node's own publications: it should leave now. */
  urgent = false
  private entries: FeedEntry[] = []
  private inlined: string[] = []
  private inlineBytes = 0
  private readonly peer: string
  private readonly echo: boolean
  private readonly ownOnly: boolean
  private readonly components: { store: Store, directory: DirectoryView, groups: () => JurisdictionGroups }

  /**
   * `echo`: also announce what the subscriber delivered to us (it was restored
   * from a backup). `ownOnly`: announce only our own publications, and with
   * `echo` the subscriber's own (a bounded mesh's direct link, FeedRequest.ownOnly).
   */
  constructor (components: { store: Store, directory: DirectoryView, groups: () => JurisdictionGroups }, init: { peer: string, echo?: boolean, ownOnly?: boolean }) {
    this.components = components
    this.peer = init.peer
    this.echo = init.echo ?? false
    this.ownOnly = init.ownOnly ?? false
  }

  /** Entries waiting to leave. */
  get size (): number {
    return this.entries.length
  }

  /**
   * Adds what the subscriber may receive of `entries` (with their records, in
   * order). With `live`, this node's own publications carry their envelope.
   */
  async add (entries: readonly LogEntry[], records: ReadonlyArray<BundleRecord | undefined>, live: boolean): Promise<void> {
    const { store, directory, groups } = this.components
    const self = directory.self.key
    for (const [i, entry] of entries.entries()) {
      const record = records[i]
      // The peer that delivered it to us holds it, and so does its origin (which may have reached
      // us through another member, e.g. fetched from the first announcer while catching up):
      // announcing it back costs a frame and a lookup there. Unless it asked for an echo:
      // restored from a backup, it lost what it sent since.
      if (record == null || ((record.from === this.peer || record.origin === this.peer) && !this.echo)) continue
      if (this.ownOnly && record.origin !== self && !(this.echo && record.origin === this.peer)) continue
      const decision = maySendTo({ id: record.id, origin: record.origin, policy: record.policy, recipients: record.recipients }, this.peer, directory, groups())
      if (!decision.ok) continue
      const announced: FeedEntry = { pos: BigInt(entry.pos), id: hexToBytes(entry.id) }
      if (record.origin === self) {
        this.urgent = true
        if (live && record.size <= FEED_INLINE_ENVELOPE_MAX_BYTES && this.inlineBytes + record.size <= FEED_INLINE_BATCH_BYTES) {
          const envelope = await store.getEnvelope(entry.id)
          if (envelope != null) {
            announced.envelope = envelope as Uint8Array<ArrayBuffer>
            this.inlineBytes += envelope.byteLength
            this.inlined.push(entry.id)
          }
        }
      }
      this.entries.push(announced)
    }
  }

  /** Takes the batch and starts an empty one. */
  take (): ReadyBatch {
    const ready = { entries: this.entries, inlined: this.inlined }
    this.entries = []
    this.inlined = []
    this.inlineBytes = 0
    this.urgent = false
    return ready
  }
}
