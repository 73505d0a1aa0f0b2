import { GAP_RESYNC_INTERVAL_MS } from './constants.js'
import type { NodeMetrics } from './metrics.js'
import type { Store } from '../store/store.js'
import type { Logger } from 'pino'

/** Collaborators of the maintenance loop. */
export interface MaintenanceComponents {
  store: Store
  metrics: NodeMetrics
  logger: Logger
  now: () => number
  connectedPeers: () => number
  /** Reads every connected peer's feed again from 0. */
  resync: () => void
}

/**
 * The node's periodic jobs: purge expired bundles, watch sequence gaps, and
 * refresh the gauges. One timer each, unref'd, cleared on stop.
 */
export class Maintenance {
  private readonly components: MaintenanceComponents
  private readonly purgeIntervalMs: number
  private readonly gapIntervalMs: number
  private timers: NodeJS.Timeout[] = []
  private lastGaps = ''
  private lastResynced = ''

  constructor (components: MaintenanceComponents, init: { purgeIntervalMs: number, gapIntervalMs?: number }) {
    this.components = components
    this.purgeIntervalMs = init.purgeIntervalMs
    this.gapIntervalMs = init.gapIntervalMs ?? GAP_RESYNC_INTERVAL_MS
  }

  /** Starts the timers and refreshes the gauges once. */
  async start (): Promise<void> {
    this.timers.push(setInterval(() => { void this.purge() }, this.purgeIntervalMs).unref())
    this.timers.push(setInterval(() => { void this.checkGaps() }, this.gapIntervalMs).unref())
    await this.refreshGauges()
  }

  /** Stops the timers. */
  stop (): void {
    for (const timer of this.timers) clearInterval(timer)
    this.timers = []
  }

  /** Deletes expired bundles (keeping tombstones); each purge is audited by the store. */
  async purge (): Promise<void> {
    const { store, logger, now } = this.components
    try {
      const purged = await store.purgeExpired(now())
      if (purged.length > 0) logger.info({ count: purged.length }, 'expired bundles purged')
      await this.refreshGauges()
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'purge failed')
    }
  }

  /**
   * Gaps that persist across two checks mean a delivery was missed: read
   * every feed again from 0, once per distinct gap set (a gap no peer can
   * fill, e.g. a bundle that expired unseen, is then only reported).
   */
  async checkGaps (): Promise<void> {
    const { store, metrics, logger } = this.components
    try {
      const gaps = await store.gaps()
      const missing = gaps.reduce((n, g) => n + g.missing.length, 0)
      metrics.gaps.set(missing)
      const print = JSON.stringify(gaps)
      if (missing > 0 && print === this.lastGaps && print !== this.lastResynced) {
        logger.warn({ missing }, 'sequence gaps persist; resyncing feeds from 0')
        this.lastResynced = print
        this.components.resync()
      }
      this.lastGaps = print
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'gap check failed')
    }
  }

  private async refreshGauges (): Promise<void> {
    const { store, metrics } = this.components
    const stats = await store.stats()
    metrics.bundlesByState.set({ state: 'stored' }, stats.bundles)
    metrics.bundlesByState.set({ state: 'retracted' }, stats.retracted)
    metrics.bundlesByState.set({ state: 'purged' }, stats.purged)
    metrics.peersConnected.set(this.components.connectedPeers())
  }
}
