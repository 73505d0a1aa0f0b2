import { randomBytes } from 'node:crypto'
import { CorruptRecordError } from './errors.js'
import { unpad } from './keys.js'
import { STORE_SCHEMA_VERSION, upgradeSchema } from './schema.js'
import { emptyState } from './sublevels.js'
import type { StoreDatabase, Sublevels, SyncOption, WriterState } from './sublevels.js'

/**
 * Reads the log id and writer state of an open database, creating both (in
 * one synced batch) for a new one, and checks that the saved heads match the
 * last log entry and the last audit record: they are written in the same
 * batches, so a mismatch means the data was altered outside the store.
 */
export async function loadState (db: StoreDatabase, subs: Sublevels, sync: boolean): Promise<{ logId: string, state: WriterState }> {
  let logId = await subs.meta.get('logId') as string | undefined
  // Before anything else is read: a store of a newer version may mean anything by its values.
  if (logId !== undefined) await upgradeSchema(db, subs, sync)
  let state = await subs.meta.get('state') as WriterState | undefined
  if (logId === undefined) {
    logId = randomBytes(16).toString('hex')
    state = emptyState()
    await db.batch([
      { type: 'put', sublevel: subs.meta, key: 'logId', value: logId },
      { type: 'put', sublevel: subs.meta, key: 'state', value: state },
      { type: 'put', sublevel: subs.meta, key: 'schema', value: STORE_SCHEMA_VERSION }
    ], { sync } as SyncOption)
  }
  if (state === undefined) throw new CorruptRecordError('meta.state is missing while meta.logId exists')
  await checkHead('log', subs.log.keys({ reverse: true, limit: 1 }), state.head)
  await checkHead('aud', subs.aud.keys({ reverse: true, limit: 1 }), state.audit.seq)
  return { logId, state }
}

async function checkHead (name: string, last: AsyncIterable<string>, expected: number): Promise<void> {
  let found = 0
  for await (const key of last) found = unpad(key)
  if (found !== expected) throw new CorruptRecordError(`${name}: last key ${found} does not match the saved head ${expected}`)
}
