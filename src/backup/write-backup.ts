import { createHash } from 'node:crypto'
import { Readable, pipeline } from 'node:stream'
import { createGzip } from 'node:zlib'
import { BACKUP_CHUNK_BYTES, BACKUP_FORMAT_VERSION } from './constants.js'
import { encodeEnd, encodePreamble, encodeRecord, sublevelOf } from './format.js'
import type { BackupFooter, BackupHeader } from './format.js'
import type { StoreSnapshot } from '../store/snapshot.js'

/** Who writes the backup, and when. */
export interface BackupMeta {
  /** The node's member key (written into the header; a restore checks it). */
  memberKey: string
  /** Version of the writing intelmesh. */
  nodeVersion: string
  /** Snapshot time (ms). */
  created: number
}

/** The header a snapshot's backup carries. */
export function backupHeader (snapshot: StoreSnapshot, meta: BackupMeta): BackupHeader {
  const { state } = snapshot
  return {
    format: BACKUP_FORMAT_VERSION,
    schema: snapshot.schema,
    memberKey: meta.memberKey,
    logId: snapshot.logId,
    created: meta.created,
    nodeVersion: meta.nodeVersion,
    counts: { bundles: state.stats.bundles, logHead: state.head, auditHead: state.audit.seq, tombstones: state.stats.tombstones },
    auditHash: state.audit.hash
  }
}

/**
 * The uncompressed backup of `snapshot`, in chunks of about
 * BACKUP_CHUNK_BYTES: preamble, records in key order, end frame with the
 * footer, SHA-256 of all of that. Memory stays bounded by one iterator batch
 * and one chunk, whatever the store's size. Closes the snapshot when done.
 */
export async function * backupBody (snapshot: StoreSnapshot, meta: BackupMeta): AsyncGenerator<Buffer> {
  const hash = createHash('sha256')
  const footer: BackupFooter = { records: 0, sublevels: {}, bytes: 0 }
  let pending: Buffer[] = []
  let size = 0
  const take = (): Buffer => {
    const chunk = Buffer.concat(pending, size)
    hash.update(chunk)
    pending = []
    size = 0
    return chunk
  }
  try {
    pending.push(encodePreamble(backupHeader(snapshot, meta)))
    size = pending[0]!.length
    for await (const batch of snapshot.entries()) {
      for (const [key, value] of batch) {
        const frame = encodeRecord(key, value)
        pending.push(frame)
        size += frame.length
        const name = sublevelOf(key) ?? '(root)'
        footer.sublevels[name] = (footer.sublevels[name] ?? 0) + 1
        footer.records++
        footer.bytes += key.byteLength + value.byteLength
      }
      if (size >= BACKUP_CHUNK_BYTES) yield take()
    }
    const end = encodeEnd(footer)
    pending.push(end)
    size += end.length
    const last = take()
    yield Buffer.concat([last, hash.digest()])
  } finally {
    await snapshot.close()
  }
}

/** The backup of `snapshot` as a byte stream, gzip-compressed when `gzip` is set. */
export function backupStream (snapshot: StoreSnapshot, meta: BackupMeta, options: { gzip: boolean }): Readable {
  const body = Readable.from(backupBody(snapshot, meta), { objectMode: false })
  if (!options.gzip) return body
  const gzip = createGzip({ level: 6 })
  // pipeline, not pipe: a consumer that goes away destroys the body too, which closes the snapshot.
  pipeline(body, gzip, () => {})
  return gzip
}
