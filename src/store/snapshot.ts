import { BACKUP_BATCH } from '../backup/constants.js'
import { readSchemaVersion } from './schema.js'
import type { StoreDatabase, Sublevels, WriterState } from './sublevels.js'

/** A point-in-time view of the whole database (every sublevel), read while writes go on. */
export interface StoreSnapshot {
  /** The log id as of the snapshot. */
  logId: string
  /** The schema version as of the snapshot. */
  schema: number
  /** Heads and counters as of the snapshot. */
  state: WriterState
  /** Every raw key and value of the database as of the snapshot, in key order, in batches. */
  entries: () => AsyncGenerator<Array<[Uint8Array, Uint8Array]>>
  /** Releases the snapshot (LevelDB keeps the versions it pins until then). */
  close: () => Promise<void>
}

/**
 * Takes ONE explicit snapshot of the root database: the metadata and every
 * sublevel's records are read from the same point, so a backup is consistent
 * however many writes land while it streams. Sublevels are prefixes of one
 * key space, so one iterator over the root reads them all.
 */
export async function takeSnapshot (db: StoreDatabase, subs: Sublevels): Promise<StoreSnapshot> {
  const snapshot = db.snapshot()
  try {
    const logId = await subs.meta.get('logId', { snapshot }) as string
    const state = await subs.meta.get('state', { snapshot }) as WriterState
    const schema = await readSchemaVersion(subs, snapshot)
    return {
      logId,
      schema,
      state,
      entries: async function * () {
        const it = db.iterator<Buffer, Buffer>({ snapshot, keyEncoding: 'buffer', valueEncoding: 'buffer' })
        try {
          while (true) {
            const batch = await it.nextv(BACKUP_BATCH)
            if (batch.length === 0) return
            yield batch
          }
        } finally {
          await it.close()
        }
      },
      close: async () => { await snapshot.close() }
    }
  } catch (err) {
    await snapshot.close()
    throw err
  }
}
