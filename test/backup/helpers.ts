import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import { backupStream, saveBackupFile } from '../../src/backup/index.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { Store } from '../../src/store/store.js'
import { ALICE, BOB, CAROL, makeInput, observable } from '../store/fixtures.js'
import type { Member } from '../../src/directory/types.js'

/** A fresh data folder (identity, config, token) in a temp dir. */
export async function makeDataDir (name = 'node'): Promise<{ dir: string, memberKey: string }> {
  const root = await mkdtemp(join(tmpdir(), 'intelmesh-backup-'))
  const dir = join(root, name)
  const { memberKey } = await initDataDir(dir, { name, jurisdiction: 'DK' })
  return { dir, memberKey }
}

/** A directory entry. */
export function member (key: string, status: Member['status'] = 'active'): Member {
  return { key, name: key.slice(-6), jurisdiction: 'NL', roles: ['member'], groups: [], addresses: [], status, added: 1, updated: 1 }
}

/**
 * Fills every sublevel: bundles with observables, expiries, checkpoints,
 * counters and seen seqs, a retraction (tombstone, dead log entry), directory
 * members and audit records.
 */
export async function fillStore (store: Store, n: number, prefix = 'b'): Promise<void> {
  for (const m of [member(ALICE), member(BOB), member(CAROL, 'suspended')]) await store.directory.save(m)
  const writes: Array<Promise<unknown>> = []
  const base = await store.getCounter(BOB)
  for (let i = 0; i < n; i++) {
    writes.push(store.accept(makeInput(`${prefix}${i}`, {
      observables: [observable(`198.51.100.${i % 250}`, i)],
      expires: i % 3 === 0 ? 4_000_000_000_000 : 0,
      ...(i % 2 === 0 ? { counters: [{ recipient: BOB, seq: base + i / 2 + 1 }] } : { from: BOB, checkpoint: { peer: BOB, logId: 'bob-log', pos: i }, seen: { origin: ALICE, seq: i } })
    })))
  }
  await Promise.all(writes)
  await store.accept(makeInput(`${prefix}-retract`, { kind: 'RETRACTION', ref: makeInput(`${prefix}0`).id }))
}

/** Every raw key and value of an open store's folder, as hex pairs (via a second read-only handle is impossible: LevelDB locks). */
export async function dumpFolder (path: string): Promise<Map<string, string>> {
  const db = new Level<string, string>(path, { createIfMissing: false })
  await db.open()
  try {
    const out = new Map<string, string>()
    for await (const [k, v] of db.iterator({ keyEncoding: 'buffer', valueEncoding: 'buffer' } as never) as AsyncIterable<[Buffer, Buffer]>) {
      out.set(k.toString('latin1'), v.toString('hex'))
    }
    return out
  } finally {
    await db.close()
  }
}

/** Backs up an open store to `file`. */
export async function backupTo (store: Store, memberKey: string, file: string, gzip = false): Promise<void> {
  const snapshot = await store.snapshot()
  await saveBackupFile(backupStream(snapshot, { memberKey, nodeVersion: 'test', created: Date.now() }, { gzip }), file)
}
