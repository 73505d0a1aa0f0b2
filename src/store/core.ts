import type { Sublevels, WriterState } from './sublevels.js'
import type { WriteJob } from './write-queue.js'

/** What the store's parts (audit log, directory) need from the store. */
export interface StoreCore {
  /** The sublevels, for reads; throws StoreClosedError when the store is not open. */
  read: () => Sublevels
  /** Queues a write (group commit); throws StoreClosedError when the store is not open. */
  write: <T>(job: WriteJob<T>) => Promise<T>
  /** State as of the last durable batch. */
  state: () => WriterState
  /** The clock, for events the store records on its own. */
  now: () => number
}
