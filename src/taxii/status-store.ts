import { STATUS_CACHE_SIZE } from './constants.js'

/** A TAXII 2.1 status resource. */
export interface TaxiiStatus {
  id: string
  status: 'complete' | 'pending'
  request_timestamp: string
  total_count: number
  success_count: number
  successes: StatusDetail[]
  failure_count: number
  failures: StatusDetail[]
  pending_count: number
  pendings: StatusDetail[]
}

/** One object's outcome in a status resource. */
export interface StatusDetail { id: string, version: string, message?: string }

/**
 * Status resources of recent POSTs, in memory and bounded: the least recently
 * used is forgotten first, so a client flooding POSTs cannot grow the node.
 */
export class StatusStore {
  private readonly entries = new Map<string, TaxiiStatus>()
  private readonly capacity: number

  constructor (init: { capacity?: number } = {}) {
    this.capacity = init.capacity ?? STATUS_CACHE_SIZE
  }

  /** Stores a status, evicting the least recently used beyond capacity. */
  put (status: TaxiiStatus): void {
    this.entries.delete(status.id)
    this.entries.set(status.id, status)
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value
      if (oldest == null) break
      this.entries.delete(oldest)
    }
  }

  /** The status with this id, if still remembered. */
  get (id: string): TaxiiStatus | undefined {
    const status = this.entries.get(id)
    if (status != null) {
      this.entries.delete(id)
      this.entries.set(id, status)
    }
    return status
  }
}
