import { BACKUP_FORMAT_VERSION, BACKUP_MAGIC, TAG_END, TAG_RECORD } from './constants.js'

/**
 * What a backup says about itself, written before its records. The counts
 * are read from the same snapshot as the records, so they describe them.
 */
export interface BackupHeader {
  /** Layout version of the file (also in the binary preamble). */
  format: number
  /** Schema version of the store the records come from (store/schema.ts). */
  schema: number
  /** Member key of the node the store belongs to: a restore refuses any other node's data folder. */
  memberKey: string
  /** The store's log id at the time of the backup. */
  logId: string
  /** When the snapshot was taken (ms since epoch). */
  created: number
  /** Version of the intelmesh that wrote it. */
  nodeVersion: string
  /** Live bundles, last log position and audit head of the snapshot. */
  counts: { bundles: number, logHead: number, auditHead: number, tombstones: number }
  /** Hash of the last audit record in the backup (anchor it elsewhere to detect a rewritten history). */
  auditHash: string
}

/** Written after the records: what the writer counted while streaming them. */
export interface BackupFooter {
  /** Key/value records written. */
  records: number
  /** Records per sublevel name. */
  sublevels: Record<string, number>
  /** Sum of key and value lengths. */
  bytes: number
}

/** Magic, format version, header length and header JSON. */
export function encodePreamble (header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const fixed = Buffer.alloc(BACKUP_MAGIC.length + 2 + 4)
  BACKUP_MAGIC.copy(fixed, 0)
  fixed.writeUInt16BE(BACKUP_FORMAT_VERSION, BACKUP_MAGIC.length)
  fixed.writeUInt32BE(json.length, BACKUP_MAGIC.length + 2)
  return Buffer.concat([fixed, json])
}

/** One record frame: tag, key length, key, value length, value. */
export function encodeRecord (key: Uint8Array, value: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(9 + key.byteLength + value.byteLength)
  frame[0] = TAG_RECORD
  frame.writeUInt32BE(key.byteLength, 1)
  frame.set(key, 5)
  frame.writeUInt32BE(value.byteLength, 5 + key.byteLength)
  frame.set(value, 9 + key.byteLength)
  return frame
}

/** The end frame: tag, footer length, footer JSON. */
export function encodeEnd (footer: BackupFooter): Buffer {
  const json = Buffer.from(JSON.stringify(footer), 'utf8')
  const fixed = Buffer.alloc(5)
  fixed[0] = TAG_END
  fixed.writeUInt32BE(json.length, 1)
  return Buffer.concat([fixed, json])
}

/** The sublevel a raw root key belongs to (`!name!…`), or undefined for a key outside every sublevel. */
export function sublevelOf (key: Uint8Array): string | undefined {
  if (key[0] !== 0x21) return undefined
  const end = key.indexOf(0x21, 1)
  if (end <= 1) return undefined
  return Buffer.from(key.buffer, key.byteOffset + 1, end - 1).toString('latin1')
}
