import { Gauge } from 'prom-client'
import type { RotationStatus } from './rotation-book.js'
import type { Registry } from 'prom-client'

const STATUSES: readonly RotationStatus[] = ['pending', 'accepted', 'rejected']

/**
 * `intelmesh_key_rotations{status}`: peers' rotations this node knows, read at scrape time.
 * A pending one waits for the admin (until then the member's new key cannot connect): alert on it.
 */
export function registerRotationGauge (registry: Registry, statuses: () => readonly RotationStatus[]): Gauge<'status'> {
  return new Gauge({
    name: 'intelmesh_key_rotations',
    help: "Peers' key rotations known to this node, by status (pending ones wait for the admin)",
    labelNames: ['status'],
    registers: [registry],
    collect () {
      const all = statuses()
      for (const status of STATUSES) this.set({ status }, all.filter(s => s === status).length)
    }
  })
}
