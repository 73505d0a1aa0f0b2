import { randomBytes } from 'node:crypto'
import { readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Level } from 'level'
import { pathExists, syncDirectory, writeFileDurably } from '../fs/durable-file.js'
import { dataFolderPaths } from '../config/data-folder.js'
import { loadIdentity } from '../crypto/index.js'
import { loadKeyring } from '../keys/keyring-file.js'
import { STORE_SCHEMA_VERSION } from '../store/schema.js'
import { Store } from '../store/store.js'
import { openSublevels } from '../store/sublevels.js'
import { BackupCorruptError, BackupPredatesRotationError, BackupSchemaTooNewError, BackupTargetExistsError, BackupWrongNodeError, NodeRunningError } from './errors.js'
import { readBackup } from './read-backup.js'
import type { ParsedBackup } from './read-backup.js'
import type { Member } from '../directory/types.js'
import type { StoreDatabase } from '../store/sublevels.js'
import type { RecoveryState } from '../store/types.js'

/** How to restore. */
export interface RestoreOptions {
  /** The node's data folder (its identity decides which backups it accepts). */
  dataDir: string
  /** The backup file. */
  file: string
  /** Keep the replaced database as `db.before-restore-<time>` (default true). */
  keepPrevious?: boolean
  /** Hold publications to members not yet caught up with after the restore (default true). */
  hold?: boolean
  /** Clock (ms). */
  now?: () => number
}

/** What a restore did. */
export interface RestoreResult {
  header: ParsedBackup['header']
  compressed: boolean
  records: number
  /** The new log id (peers read the restored log from 0 under it). */
  logId: string
  /** Where the replaced database was kept, if it was. */
  previous?: string
  /** Members the node will catch up with before publishing to them. */
  pending: string[]
}

/**
 * Restores a backup into a node's data folder, or changes nothing. The whole
 * file is verified first (checksum, framing, format, schema, member key); the
 * records then go into a new folder beside the database, which gets a new log
 * id, the catch-up state and a `restore` audit record after the backup's
 * chain; only then is it swapped in by rename. Refused while the node runs
 * (it holds the database's lock, which this holds until the swap).
 */
export async function restoreBackup (options: RestoreOptions): Promise<RestoreResult> {
  const now = options.now ?? Date.now
  const dbPath = dataFolderPaths(options.dataDir).db
  const identity = await loadIdentity(options.dataDir)
  await finishInterruptedRestore(options.dataDir)
  const lock = await lockDatabase(dbPath)
  try {
    const checked = await readBackup(options.file)
    checkFits(checked, identity.memberKey, (await loadKeyring(options.dataDir)).map(r => r.identity.memberKey))
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-')
    const staging = join(dirname(dbPath), `${basename(dbPath)}.restoring-${stamp}`)
    if (await pathExists(staging)) throw new BackupTargetExistsError(`restore folder ${staging} already exists`)
    let prepared: { logId: string, pending: string[], records: number }
    try {
      prepared = await prepare(staging, options, checked, identity.memberKey, now)
    } catch (err) {
      await rm(staging, { recursive: true, force: true })
      throw err
    }
    // From here the rebuilt store is complete: if we die between the renames, the
    // next start (or restore) finishes the swap instead of starting without a db.
    await writeFileDurably(`${staging}${READY_SUFFIX}`, '')
    await lock?.close()
    let previous: string | undefined
    if (lock !== undefined) {
      previous = join(dirname(dbPath), `${basename(dbPath)}.before-restore-${stamp}`)
      await rename(dbPath, previous)
    }
    await rename(staging, dbPath)
    await syncDirectory(dirname(dbPath))
    await rm(`${staging}${READY_SUFFIX}`, { force: true })
    if (previous !== undefined && options.keepPrevious === false) {
      await rm(previous, { recursive: true, force: true })
      previous = undefined
    }
    return { header: checked.header, compressed: checked.compressed, records: prepared.records, logId: prepared.logId, previous, pending: prepared.pending }
  } finally {
    if (lock?.status === 'open') await lock.close()
  }
}

/** Marks a rebuilt store as complete and ready to be swapped in. */
const READY_SUFFIX = '.ready'

/**
 * Finishes a restore that died between its two renames: `db` is missing and
 * a rebuilt store marked ready lies beside it, so it is renamed into place.
 * Returns the folder it swapped in, if any. With no `db` and only an
 * unfinished rebuild beside it, refuses (BACKUP_CORRUPT naming the folder)
 * rather than let the node start on a fresh, empty store.
 */
export async function finishInterruptedRestore (dataDir: string): Promise<string | undefined> {
  const dbPath = dataFolderPaths(dataDir).db
  if (await pathExists(dbPath)) return undefined
  const names = await readdir(dirname(dbPath)).catch(() => [] as string[])
  const prefix = `${basename(dbPath)}.restoring-`
  const ready = names.filter(n => n.startsWith(prefix) && n.endsWith(READY_SUFFIX)).sort().at(-1)
  if (ready !== undefined) {
    const staging = join(dirname(dbPath), ready.slice(0, -READY_SUFFIX.length))
    await rename(staging, dbPath)
    await syncDirectory(dirname(dbPath))
    await rm(join(dirname(dbPath), ready), { force: true })
    return staging
  }
  const partial = names.find(n => n.startsWith(prefix))
  if (partial !== undefined) {
    throw new BackupCorruptError(`a restore was interrupted before it finished rebuilding ${join(dirname(dbPath), partial)} and there is no db: run "intelmesh restore" again (then delete that folder)`)
  }
  return undefined
}

/** The backup must be this node's and of a schema this intelmesh can open (an older one is migrated on open). */
function checkFits (backup: ParsedBackup, memberKey: string, retiredKeys: readonly string[]): void {
  const { header } = backup
  if (retiredKeys.includes(header.memberKey)) {
    // The store would come back with the directory, counters and self entry of before the
    // rotation (docs/key-lifecycle.md), which peers no longer accept: refused, not guessed.
    throw new BackupPredatesRotationError(`the backup was made under this node's retired key ${header.memberKey}, before its rotation to ${memberKey}; restoring it would undo the rotation: make a new backup`)
  }
  if (header.memberKey !== memberKey) {
    throw new BackupWrongNodeError(`the backup belongs to node ${header.memberKey}, but this data folder's identity is ${memberKey}`)
  }
  if (header.schema > STORE_SCHEMA_VERSION) {
    throw new BackupSchemaTooNewError(`the backup holds a store of schema version ${header.schema}, newer than version ${STORE_SCHEMA_VERSION}, the newest this intelmesh knows`)
  }
}

/** Writes the records into `staging` (reading and checking the file again), then readies it to run. */
async function prepare (staging: string, options: RestoreOptions, checked: ParsedBackup, memberKey: string, now: () => number): Promise<{ logId: string, pending: string[], records: number }> {
  const db = new Level<string, string>(staging) as unknown as StoreDatabase
  await db.open()
  let logId: string
  let pending: string[]
  try {
    // The file is read a second time, checked as strictly: it may have changed since the first pass.
    const again = await readBackup(options.file, async batch => {
      await db.batch(batch.map(([key, value]) => ({ type: 'put' as const, key, value })), { keyEncoding: 'buffer', valueEncoding: 'buffer' } as never)
    })
    if (again.footer.records !== checked.footer.records) throw new BackupCorruptError('the backup file changed while it was being restored')
    const subs = openSublevels(db)
    const members: Member[] = []
    for await (const member of subs.dir.values()) members.push(member)
    pending = members.filter(m => m.status === 'active' && m.key !== memberKey).map(m => m.key)
    logId = randomBytes(16).toString('hex')
    const recovery: RecoveryState = { restoredAt: now(), backupCreated: checked.header.created, previousLogId: checked.header.logId, pending }
    await db.batch(([
      // A new log id: peers have seen the old one's positions beyond the backup, with other bundles in them.
      { type: 'put', sublevel: subs.meta, key: 'logId', value: logId },
      // A node with no active member to catch up with has nothing to wait for.
      ...(options.hold === false || pending.length === 0 ? [] : [{ type: 'put' as const, sublevel: subs.meta, key: 'recovery', value: recovery }])
    ]) as never, { sync: true } as never)
  } finally {
    await db.close()
  }
  // Opening as a store checks the heads against the records and migrates an older schema.
  const store = await Store.open(staging, { now })
  try {
    await store.audit.append({
      type: 'restore',
      at: now(),
      detail: { backupCreated: checked.header.created, previousLogId: checked.header.logId, logId, bundles: checked.header.counts.bundles, auditHead: checked.header.counts.auditHead, pending: pending.length }
    })
  } finally {
    await store.close()
  }
  return { logId, pending: options.hold === false ? [] : pending, records: checked.footer.records }
}

/** Opens the current database to hold its lock; undefined when there is none yet. */
async function lockDatabase (dbPath: string): Promise<Level<string, string> | undefined> {
  if (!await pathExists(dbPath)) return undefined
  const db = new Level<string, string>(dbPath, { createIfMissing: false })
  try {
    await db.open()
  } catch (err) {
    const e = err as { code?: string, cause?: { code?: string } }
    if (e.code === 'LEVEL_LOCKED' || e.cause?.code === 'LEVEL_LOCKED') {
      throw new NodeRunningError(`the store ${dbPath} is in use: stop the node before restoring (a running node is backed up with "intelmesh backup", restored only when stopped)`, { cause: err })
    }
    throw err
  }
  return db
}
