import { RECEIPT_PROTOCOL } from '../replication/constants.js'
import { ReceiptOutbox } from '../replication/receipt-outbox.js'
import { ReceiptServer } from '../replication/receipt-server.js'
import { signReceipt } from '../replication/receipt.js'
import { DeliveriesNotOriginError } from './delivery-errors.js'
import { BundleNotFoundError } from './errors.js'
import type { NodeIdentity } from '../crypto/index.js'
import type { DirectoryView } from '../directory/types.js'
import type { ReplicationNetwork } from '../replication/replicator.js'
import type { ReceiptEntry } from '../store/delivery-store.js'
import type { Store } from '../store/store.js'
import type { BundleView, DeliveryStatus } from './types.js'
import type { Logger } from 'pino'

/** Collaborators of the delivery tracker. */
export interface DeliveriesComponents {
  identity: NodeIdentity
  store: Store
  directory: DirectoryView
  network: ReplicationNetwork
  /** The node's event target: `bundle` events in, `receipt` events out. */
  events: EventTarget
  logger: Logger
  now: () => number
  /** A refused receipt or broken receipt frame: audited, counted, struck (like a rejected envelope). */
  penalise: (peer: string, code: string, reason: string) => void
  /** True while the node, restored from a backup, is catching up (receipts for bundles it lacks wait). */
  restoring?: () => boolean
}

/** A `receipt` event: a recipient acknowledged storing one of our bundles. */
export interface ReceiptEvent { id: string, recipient: string, recipientName: string, storedAt: number }

/**
 * Signed delivery receipts, both ends (docs/sightings-and-receipts.md). As a
 * recipient: every bundle stored from another origin yields a signed receipt
 * for that origin (its hook into the receive path is the `bundle` event of a
 * stored bundle, nothing more). As an origin: serves the receipt protocol and
 * answers who of a bundle's recipients has acknowledged it, and when.
 */
export class Deliveries {
  private readonly components: DeliveriesComponents
  private readonly outbox: ReceiptOutbox
  private readonly server: ReceiptServer

  constructor (components: DeliveriesComponents) {
    this.components = components
    const { store, network, logger } = components
    this.outbox = new ReceiptOutbox({
      store,
      openStream: async (peer, protocol, options) => network.openStream(peer, protocol, options),
      connectedPeers: () => network.connectedPeers(),
      logger,
      onRefused: (origin, refused) => { logger.warn({ origin, refused }, 'origin refused delivery receipts') }
    })
    this.server = new ReceiptServer({
      store,
      self: components.identity.memberKey,
      now: components.now,
      logger,
      penalise: components.penalise,
      onReceipts: (recipient, receipts) => { this.announce(recipient, receipts) },
      restoring: components.restoring
    })
  }

  /** Registers the receipt protocol and starts sending receipts (before the network starts). */
  async start (): Promise<void> {
    const { network, events } = this.components
    await network.handle(RECEIPT_PROTOCOL, async (stream, peer) => this.server.serve(stream, peer))
    network.addEventListener('peer:connected', this.onConnected)
    events.addEventListener('bundle', this.onBundle)
    events.addEventListener('retracted', this.onRetracted)
    this.outbox.start()
  }

  /** Stops sending; receipts not yet acknowledged are kept in the store for the next start. */
  async stop (): Promise<void> {
    this.components.network.removeEventListener('peer:connected', this.onConnected)
    this.components.events.removeEventListener('bundle', this.onBundle)
    this.components.events.removeEventListener('retracted', this.onRetracted)
    await this.outbox.stop()
  }

  /** Origin only: every listed recipient of bundle `id` but us, delivered (with the signed time) or pending. */
  async status (id: string): Promise<DeliveryStatus> {
    const { store, directory, identity } = this.components
    const record = await store.getRecord(id)
    if (record == null) throw new BundleNotFoundError(id)
    if (record.origin !== identity.memberKey) throw new DeliveriesNotOriginError(id, record.origin)
    const receipts = new Map((await store.deliveries.receipts(id)).map(r => [r.recipient, r]))
    return {
      id,
      recipients: record.recipients.filter(key => key !== identity.memberKey).map(key => {
        const receipt = receipts.get(key)
        const name = directory.get(key)?.name ?? key
        return receipt == null ? { key, name, status: 'pending' as const } : { key, name, status: 'delivered' as const, deliveredAt: receipt.storedAt }
      })
    }
  }

  private readonly onBundle = (event: Event): void => {
    const view = (event as CustomEvent<BundleView>).detail
    const self = this.components.identity.memberKey
    if (view.origin === self) return
    // After a key rotation (docs/key-lifecycle.md): a bundle sealed to our retired key would be
    // acknowledged by a key it does not list, and an origin that rotated away listens under
    // another key; either receipt would be refused as a protocol violation, so none is sent.
    if (!view.recipients.includes(self) || this.components.directory.get(view.origin)?.status !== 'active') return
    this.outbox.add(view.origin, signReceipt(this.components.identity, view.id, view.receivedAt))
  }

  /** A retracted bundle is gone: its receipts and sighting links go too (the audit log keeps the receipts). */
  private readonly onRetracted = (event: Event): void => {
    const { id } = (event as CustomEvent<{ id: string }>).detail
    this.components.store.deliveries.forget(id).catch((err: Error) => { this.components.logger.warn({ id, err: err.message }, 'forgetting the receipts of a retracted bundle failed') })
  }

  private readonly onConnected = (event: Event): void => {
    this.outbox.connected((event as CustomEvent<{ peer: string }>).detail.peer)
  }

  private announce (recipient: string, receipts: ReceiptEntry[]): void {
    const recipientName = this.components.directory.get(recipient)?.name ?? recipient
    for (const r of receipts) {
      this.components.events.dispatchEvent(new CustomEvent<ReceiptEvent>('receipt', { detail: { id: r.id, recipient, recipientName, storedAt: r.storedAt } }))
    }
  }
}
