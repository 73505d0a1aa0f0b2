/** Length of a raw Ed25519 seed (private key) in bytes. */
export const ED25519_SEED_LENGTH = 32

/** Length of a raw Ed25519 public key in bytes. */
export const ED25519_PUBLIC_KEY_LENGTH = 32

/** Length of an Ed25519 signature in bytes. */
export const ED25519_SIGNATURE_LENGTH = 64

/** Length of a raw X25519 key (public or secret) in bytes. */
export const X25519_KEY_LENGTH = 32

/** Length of a content key K (secretbox key) in bytes. */
export const CONTENT_KEY_LENGTH = 32

/** Length of a NaCl box / secretbox nonce in bytes. */
export const BOX_NONCE_LENGTH = 24

/** A wrapped content key: 32-byte K plus the 16-byte Poly1305 tag. */
export const WRAPPED_KEY_LENGTH = 48

/** Default bound of the verify-side cache of Ed25519 public KeyObjects. */
export const PUBLIC_KEY_CACHE_SIZE = 4096

/** Default bound of the per-peer cache of precomputed box keys in KeyWrapper. */
export const SHARED_KEY_CACHE_SIZE = 4096

/** File name of the node identity inside the data folder. */
export const IDENTITY_FILE_NAME = 'identity.key'

/** An identity file larger than this is not ours: refuse it before reading. */
export const MAX_IDENTITY_FILE_BYTES = 4096

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
export const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])

/** DER prefix of an Ed25519 PKCS#8 private key; the raw 32-byte seed follows. */
export const ED25519_PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])

/** DER prefix of an X25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
export const X25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00])

/** DER prefix of an X25519 PKCS#8 private key; the raw 32-byte secret follows. */
export const X25519_PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20])
