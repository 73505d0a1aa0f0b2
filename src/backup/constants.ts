/** First bytes of every backup body: "IMBACKUP". */
export const BACKUP_MAGIC = Buffer.from('IMBACKUP', 'ascii')

/** Version of the file layout this code writes and reads. */
export const BACKUP_FORMAT_VERSION = 1

/** The first two bytes of a gzip stream (RFC 1952). */
export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b])

/** Frame tags: a key/value record, then one end frame with the footer. */
export const TAG_RECORD = 0x01
export const TAG_END = 0x00

/** Length of the SHA-256 trailer. */
export const TRAILER_BYTES = 32

/** Largest header or footer JSON accepted (a bit flip in a length must not allocate gigabytes). */
export const META_JSON_MAX = 64 * 1024

/** Largest key accepted. */
export const KEY_BYTES_MAX = 64 * 1024

/** Largest value accepted: far above any envelope (limits.maxEnvelopeBytes) or record. */
export const VALUE_BYTES_MAX = 64 * 1024 * 1024

/** Records read from the snapshot per iterator call, and written per restore batch. */
export const BACKUP_BATCH = 1000

/** Bytes the writer collects before it yields a chunk. */
export const BACKUP_CHUNK_BYTES = 256 * 1024

/** Whether backups are gzip-compressed unless asked otherwise (docs/backup.md has the measurements behind it). */
export const BACKUP_GZIP_DEFAULT = true
