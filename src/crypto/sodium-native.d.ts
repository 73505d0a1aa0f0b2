// The few sodium-native (libsodium binding) functions intelmesh calls; the
// package ships no TypeScript types. Each throws on wrong buffer lengths, so
// callers check lengths first (src/crypto/secretbox.ts, hash.ts).
declare module 'sodium-native' {
  /** XSalsa20-Poly1305: writes MAC ‖ ciphertext of `m` into `c` (m.length + 16 bytes). */
  export function crypto_secretbox_easy (c: Uint8Array, m: Uint8Array, n: Uint8Array, k: Uint8Array): void
  /** Opens `c` into `m` (c.length − 16 bytes); false when authentication fails. */
  export function crypto_secretbox_open_easy (m: Uint8Array, c: Uint8Array, n: Uint8Array, k: Uint8Array): boolean
  /** SHA-256 of `input` into `out` (32 bytes). */
  export function crypto_hash_sha256 (out: Uint8Array, input: Uint8Array): void
  /** Ed25519 key pair from a 32-byte seed: pk (32 bytes) and sk = seed ‖ pk (64 bytes). */
  export function crypto_sign_seed_keypair (pk: Uint8Array, sk: Uint8Array, seed: Uint8Array): void
  /** Ed25519 signature (64 bytes) of `m` under the 64-byte `sk`, into `sig`. */
  export function crypto_sign_detached (sig: Uint8Array, m: Uint8Array, sk: Uint8Array): void
  /** True when `sig` (64 bytes) is a valid Ed25519 signature of `m` by `pk` (32 bytes). */
  export function crypto_sign_verify_detached (sig: Uint8Array, m: Uint8Array, pk: Uint8Array): boolean
  /** Length of the Poly1305 tag secretbox prepends. */
  export const crypto_secretbox_MACBYTES: number
}
