import { stageAudit, stageRemoval, stageTombstone } from './bundle-ops.js'
import { PURGE_BATCH } from './constants.js'
import { pad, splitKey } from './keys.js'
import type { Sublevels } from './sublevels.js'
import type { Txn } from './txn.js'
import type { WriteJob } from './write-queue.js'

/**
 * Stages the removal of up to `max` bundles that expired at or before `now`,
 * each leaving a tombstone (so a late copy is refused) and a `purge` audit
 * record. The expiry index is read from the committed database; a bundle an
 * earlier write of the same group already removed is skipped.
 */
export async function stagePurge (txn: Txn, subs: Sublevels, now: number, max: number): Promise<string[]> {
  const purged: string[] = []
  for await (const key of subs.exp.keys({ lt: pad(now + 1) })) {
    const id = splitKey(key)[1] as string
    const record = await txn.get('rec', id)
    if (record === undefined) continue
    await stageRemoval(txn, record)
    await stageTombstone(txn, id, record.origin, { reason: 'purged', at: now })
    txn.state.stats.purged++
    stageAudit(txn, { type: 'purge', at: now, peer: record.origin, id, detail: { expires: record.expires } })
    purged.push(id)
    if (purged.length >= max) break
  }
  return purged
}

/** Removes every bundle expired at `now`, one write of at most PURGE_BATCH after the other; returns their ids. */
export async function purgeAllExpired (write: <T>(job: WriteJob<T>) => Promise<T>, subs: Sublevels, now: number): Promise<string[]> {
  const purged: string[] = []
  for (;;) {
    const ids = await write(async (txn) => await stagePurge(txn, subs, now, PURGE_BATCH))
    purged.push(...ids)
    if (ids.length < PURGE_BATCH) return purged
  }
}
