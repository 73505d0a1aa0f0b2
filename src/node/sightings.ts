import { randomUUID } from 'node:crypto'
import { resolveRecipients } from '../policy/index.js'
import { sightingBundle, sightingsIn } from '../stix/sighting.js'
import { SightingRejectedError } from './delivery-errors.js'
import { BundleNotFoundError } from './errors.js'
import { checkSighting } from './sighting-request.js'
import type { DirectoryView, JurisdictionGroups } from '../directory/types.js'
import type { Policy } from '../policy/types.js'
import type { Store } from '../store/store.js'
import type { BundleView, BundleWithContent, SightingsView, SightRequest, SightResult } from './types.js'
import type { Logger } from 'pino'

/** Collaborators of the sightings component. */
export interface SightingsComponents {
  /** This node's member key and display name (its STIX identity). */
  self: { key: string, name: string }
  directory: DirectoryView
  store: Store
  groups: () => JurisdictionGroups
  now: () => number
  logger: Logger
  /** The node's event target: `bundle` events of stored bundles. */
  events: EventTarget
  /** Reads and decrypts a stored bundle. */
  getBundle: (id: string) => Promise<BundleWithContent>
  /** Publishes an INTEL bundle that refers to `ref` (enforcement point 1 and the store, as any publication). */
  publish: (stix: unknown, policy: Policy, expires: number, ref: string) => Promise<{ id: string, recipients: string[] }>
}

/**
 * Sightings back to the origin (docs/sightings-and-receipts.md). A recipient
 * reports a sighting of an indicator it received as a new INTEL bundle whose
 * header `ref` names the sighted bundle, sealed to the origin only (see
 * checkSighting). It travels like any bundle, so every enforcement point
 * applies. Any node holding both bundles links the sighting to the sighted
 * bundle when the sighting is stored (the `bundle` event: no hook into the
 * receive pipeline).
 */
export class Sightings {
  private readonly components: SightingsComponents

  constructor (components: SightingsComponents) {
    this.components = components
  }

  /** Starts linking stored sighting bundles to the bundles they report on. */
  start (): void {
    this.components.events.addEventListener('bundle', this.onBundle)
  }

  /** Stops linking. */
  stop (): void {
    this.components.events.removeEventListener('bundle', this.onBundle)
  }

  /** Reports a sighting of an indicator of received bundle `id` to its origin; nothing is stored when it is refused. */
  async sight (id: string, request: SightRequest): Promise<SightResult> {
    const { store, directory, groups, now, self } = this.components
    const record = await store.getRecord(id)
    const checked = checkSighting(record, id, request, { self: self.key, directory, groups: groups(), now: now() })
    const origin = record!.origin
    const resolution = resolveRecipients(checked.policy, directory, self.key, groups())
    if (!resolution.recipients.includes(origin)) {
      const reason = resolution.excluded.find(e => e.key === origin)?.reason ?? 'not eligible'
      throw new SightingRejectedError('SIGHTING_ORIGIN_EXCLUDED', `the sighting policy would not reach the origin ${origin}: ${reason}`, 'params.id')
    }
    const uuid = randomUUID()
    const stix = sightingBundle({
      sighterKey: self.key,
      sighterName: self.name,
      sightingOf: checked.indicator,
      count: checked.count,
      firstSeen: checked.firstSeen,
      lastSeen: checked.lastSeen,
      tlp: checked.policy.tlp,
      created: new Date(now()).toISOString(),
      sightingUuid: uuid
    })
    const published = await this.components.publish(stix, checked.policy, record!.expires, id)
    return {
      id: published.id,
      ref: id,
      indicator: checked.indicator,
      sighting: `sighting--${uuid}`,
      recipients: published.recipients.filter(key => key !== self.key).map(key => ({ key, name: directory.get(key)?.name ?? key }))
    }
  }

  /** The sightings of bundle `id` this node holds (sighting bundles retracted or purged since are left out). */
  async list (id: string): Promise<SightingsView> {
    const { store, directory } = this.components
    if (await store.getRecord(id) == null) throw new BundleNotFoundError(id)
    const links = await store.deliveries.sightingLinks(id)
    const records = await store.getRecords(links.map(l => l.sightingBundle))
    const sightings = links.flatMap((link, i) => {
      const rec = records[i]
      if (rec == null) return []
      return link.sightings.map(s => ({
        bundleId: link.sightingBundle,
        from: rec.origin,
        fromName: directory.get(rec.origin)?.name ?? rec.origin,
        count: s.count,
        indicator: s.indicator,
        ...(s.firstSeen != null ? { firstSeen: s.firstSeen } : {}),
        ...(s.lastSeen != null ? { lastSeen: s.lastSeen } : {}),
        receivedAt: rec.receivedAt
      }))
    })
    return { id, sightings: sightings.sort((a, b) => a.receivedAt - b.receivedAt) }
  }

  private readonly onBundle = (event: Event): void => {
    const view = (event as CustomEvent<BundleView>).detail
    if (view.kind !== 'INTEL' || view.ref == null || !view.types.includes('sighting')) return
    this.link(view).catch((err: Error) => { this.components.logger.warn({ id: view.id, err: err.message }, 'linking a sighting failed') })
  }

  /**
   * Links a stored sighting bundle to the bundle it names, keeping only
   * sightings of that bundle's own objects by a member the bundle was
   * addressed to (anyone else never held it and reports nothing about it).
   */
  private async link (view: BundleView): Promise<void> {
    const { store, logger } = this.components
    const original = await store.getRecord(view.ref!)
    if (original == null || original.kind !== 'INTEL') return
    if (view.origin === original.origin || !original.recipients.includes(view.origin)) {
      logger.info({ id: view.id, ref: view.ref, from: view.origin }, 'sighting not linked: its reporter was not a recipient of the sighted bundle')
      return
    }
    const objects = new Set(original.objects.map(o => o.id))
    const content = await this.components.getBundle(view.id)
    const sightings = sightingsIn(content.stix ?? {}).filter(s => objects.has(s.indicator))
    if (sightings.length === 0) return
    await store.deliveries.linkSightings(original.id, view.id, sightings)
  }
}
