const utf8 = new TextEncoder()

/** Domain tag of the OLD key's signature over a rotation statement body. */
export const ROTATION_OLD_KEY_DOMAIN = utf8.encode('intelmesh/rotation/old-key/v1\0')

/** Domain tag of the NEW key's signature (proof of possession) over the same body. */
export const ROTATION_NEW_KEY_DOMAIN = utf8.encode('intelmesh/rotation/new-key/v1\0')

/** Statement format version (the `v` field of the body). */
export const ROTATION_STATEMENT_VERSION = 1

/** Longest rotation reason (characters). */
export const MAX_ROTATION_REASON_LENGTH = 500

/** Largest encoded statement body (bytes); a real one is about 250. */
export const MAX_STATEMENT_BODY_BYTES = 2048

/** A statement issued further in the future than this (clock skew) is refused. */
export const MAX_ROTATION_CLOCK_SKEW_MS = 5 * 60_000

/** libp2p protocol over which members pass rotation statements. */
export const ROTATION_PROTOCOL = '/intelmesh/keys/1.0.0'

/** Most statements in one frame of the rotation protocol. */
export const MAX_STATEMENTS_PER_FRAME = 256

/** Largest frame of the rotation protocol (bytes). */
export const MAX_ROTATION_FRAME_BYTES = 1024 * 1024

/** One push of statements to a peer may take this long. */
export const ROTATION_PUSH_TIMEOUT_MS = 10_000

/** File of retired private keys in the data folder (mode 0600). */
export const KEYRING_FILE_NAME = 'keyring.json'

/** File of the rotation statements this node knows (public data) in the data folder. */
export const ROTATIONS_FILE_NAME = 'rotations.json'
