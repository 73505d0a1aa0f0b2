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
  /** Length of the Poly1305 tag secretbox prepends. */
  export const crypto_secretbox_MACBYTES: number
}
