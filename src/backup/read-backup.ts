import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'
import { SUBLEVEL_NAMES } from '../store/sublevels.js'
import { ByteReader } from './byte-reader.js'
import {
  BACKUP_BATCH, BACKUP_FORMAT_VERSION, BACKUP_MAGIC, GZIP_MAGIC, KEY_BYTES_MAX, META_JSON_MAX,
  TAG_END, TAG_RECORD, TRAILER_BYTES, VALUE_BYTES_MAX
} from './constants.js'
import { BackupCorruptError, BackupTruncatedError, BackupVersionError, NotABackupError } from './errors.js'
import { sublevelOf } from './format.js'
import type { BackupFooter, BackupHeader } from './format.js'
import type { Hash } from 'node:crypto'

/** What reading a whole backup established. */
export interface ParsedBackup {
  header: BackupHeader
  footer: BackupFooter
  /** The file is gzip-compressed. */
  compressed: boolean
}

/** Receives the records of a backup in order, a batch at a time. */
export type RecordSink = (batch: Array<[Buffer, Buffer]>) => Promise<void>

/**
 * Reads the backup at `path` to its end and checks everything: magic,
 * format version, framing, that every key belongs to a known sublevel, the
 * footer's counts, the SHA-256 trailer, that nothing follows it, and (for a
 * gzip file) the gzip checksum. Records go to `sink` as they are read, so a
 * caller must not treat them as valid before this resolves.
 */
export async function readBackup (path: string, sink?: RecordSink): Promise<ParsedBackup> {
  const compressed = await startsWithGzip(path)
  const file = createReadStream(path, { highWaterMark: 256 * 1024 })
  const source = compressed ? file.pipe(createGunzip()) : file
  if (compressed) file.on('error', err => source.destroy(err))
  try {
    const hash = createHash('sha256')
    const { header, footer } = await parseBody(new ByteReader(source as AsyncIterable<Buffer>, hash), hash, sink)
    return { header, footer, compressed }
  } catch (err) {
    throw gzipError(err) ?? err
  } finally {
    file.destroy()
    source.destroy()
  }
}

async function parseBody (reader: ByteReader, hash: Hash, sink: RecordSink | undefined): Promise<{ header: BackupHeader, footer: BackupFooter }> {
  const magic = await reader.read(BACKUP_MAGIC.length, 'the magic bytes')
  if (!magic.equals(BACKUP_MAGIC)) throw new NotABackupError('the file is not an intelmesh backup (its first bytes are not "IMBACKUP")')
  const version = (await reader.read(2, 'the format version')).readUInt16BE(0)
  if (version !== BACKUP_FORMAT_VERSION) {
    throw new BackupVersionError(`backup format version ${version} is not readable by this intelmesh, which reads version ${BACKUP_FORMAT_VERSION}`)
  }
  const header = checkHeader(await readJson(reader, 'the header'))
  const counted: BackupFooter = { records: 0, sublevels: {}, bytes: 0 }
  let batch: Array<[Buffer, Buffer]> = []
  while (true) {
    const tag = (reader.readSync(1) ?? await reader.read(1, 'a frame tag'))[0]
    if (tag === TAG_END) break
    if (tag !== TAG_RECORD) throw new BackupCorruptError(`unknown frame tag ${tag} at byte ${reader.consumed - 1}`)
    const key = await readSized(reader, KEY_BYTES_MAX, 'a key')
    const value = await readSized(reader, VALUE_BYTES_MAX, 'a value')
    const name = sublevelOf(key)
    if (name === undefined || !SUBLEVEL_NAMES.has(name)) {
      throw new BackupCorruptError(`record ${counted.records + 1} has a key outside every store sublevel`)
    }
    counted.records++
    counted.sublevels[name] = (counted.sublevels[name] ?? 0) + 1
    counted.bytes += key.length + value.length
    batch.push([key, value])
    if (batch.length >= BACKUP_BATCH) { await sink?.(batch); batch = [] }
  }
  const footer = await readJson(reader, 'the footer') as BackupFooter
  const trailer = await reader.read(TRAILER_BYTES, 'the SHA-256 trailer')
  if (!await reader.atEnd()) throw new BackupCorruptError('bytes follow the SHA-256 trailer')
  // The reader hashed everything but the stream's last 32 bytes: the trailer just read.
  if (!trailer.equals(reader.unhashedTail) || !trailer.equals(hash.digest())) {
    throw new BackupCorruptError('the SHA-256 checksum does not match the content: the file is damaged')
  }
  if (footer?.records !== counted.records || footer.bytes !== counted.bytes) {
    throw new BackupCorruptError(`the footer counts ${String(footer?.records)} records but the file holds ${counted.records}`)
  }
  if (batch.length > 0) await sink?.(batch)
  return { header, footer }
}

async function readSized (reader: ByteReader, max: number, what: string): Promise<Buffer> {
  const length = (reader.readSync(4) ?? await reader.read(4, `the length of ${what}`)).readUInt32BE(0)
  if (length > max) throw new BackupCorruptError(`${what} of ${length} bytes at byte ${reader.consumed - 4} exceeds the limit of ${max}`)
  // A view of the stream's chunk: a batch of 1,000 records pins only the few chunks it spans.
  return reader.readSync(length) ?? await reader.read(length, what)
}

async function readJson (reader: ByteReader, what: string): Promise<unknown> {
  const bytes = await readSized(reader, META_JSON_MAX, what)
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch (err) {
    throw new BackupCorruptError(`${what} is not valid JSON`, { cause: err })
  }
}

function checkHeader (value: unknown): BackupHeader {
  const h = value as Partial<BackupHeader> | null
  const ok = h !== null && typeof h === 'object' &&
    Number.isSafeInteger(h.schema) && typeof h.memberKey === 'string' && typeof h.logId === 'string' &&
    Number.isSafeInteger(h.created) && typeof h.counts === 'object' && h.counts !== null
  if (!ok) throw new BackupCorruptError('the header lacks a field (schema, memberKey, logId, created or counts)')
  return h as BackupHeader
}

async function startsWithGzip (path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0)
    return bytesRead === 2 && buffer.equals(GZIP_MAGIC)
  } finally {
    await handle.close()
  }
}

/** zlib's errors, as ours: an unexpected end is a truncated file, anything else damage. */
function gzipError (err: unknown): Error | undefined {
  const code = (err as { code?: string }).code
  if (code === 'Z_BUF_ERROR') return new BackupTruncatedError('the gzip stream ends early: the backup was cut off', { cause: err })
  if (typeof code === 'string' && code.startsWith('Z_')) return new BackupCorruptError(`the gzip stream is damaged (${code})`, { cause: err })
  return undefined
}
