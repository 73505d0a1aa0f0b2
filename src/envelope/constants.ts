/** The envelope format version this code writes and accepts. Bump on any change to the bytes. */
export const ENVELOPE_VERSION = 1

/** Default largest whole envelope frame accepted or produced: 4 MiB. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024

/** Default largest encoded header: 256 KiB (1,000 recipients take about 100 KiB). */
export const MAX_HEADER_BYTES = 256 * 1024

/** Default largest number of recipients in one envelope. */
export const MAX_RECIPIENTS = 1000

/** Default largest content (STIX JSON) in one envelope: 3 MiB. */
export const MAX_PLAINTEXT_BYTES = 3 * 1024 * 1024

/**
 * Upper bound of what the encrypted Plaintext message adds to the content:
 * the 16-byte Poly1305 tag, the origin field (2 + 32) and the content tag
 * and length varint (at most 1 + 5).
 */
export const PLAINTEXT_OVERHEAD_BYTES = 64

/** Most entries in each of the policy lists allow, deny and groups. */
export const MAX_POLICY_ENTRIES = 256

/** Longest policy string (a jurisdiction code or group name), in UTF-16 code units. */
export const MAX_POLICY_STRING_LENGTH = 64

/** Length of a bundle id, header hashes and the key commitment, in bytes. */
export const HASH_LENGTH = 32

/** Length of the secretbox nonce in the header. */
export const NONCE_LENGTH = 24

/** How many parsed member keys sealEnvelope keeps (string -> raw key). */
export const MEMBER_KEY_CACHE_SIZE = 4096
