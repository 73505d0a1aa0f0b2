/**
 * Limits of the STIX module. They bound the work an attacker-supplied bundle
 * can cause before it is rejected; the envelope layer bounds the plaintext
 * size first, these are the second line.
 */

/** Largest JSON text accepted, in UTF-16 code units (or bytes for binary input). */
export const MAX_INPUT_LENGTH = 16 * 1024 * 1024

/**
 * Deepest nesting of arrays and objects accepted. A STIX 2.1 bundle rarely goes
 * past 10 (bundle → objects → object → extensions → extension → list → item …).
 */
export const MAX_DEPTH = 32

/**
 * Texts at least this long have their nesting depth checked before JSON.parse:
 * V8's parser is iterative but ~40x slower on deep nesting (10 MB of `[` took
 * 2.2 s here), while the scan costs about half a JSON.parse. Shorter texts
 * parse in a few milliseconds at worst and get the same depth check on the
 * parsed value instead.
 */
export const PRESCAN_LENGTH = 16 * 1024

/** Most objects in one bundle. */
export const MAX_OBJECTS = 100_000

/** Most validation issues collected before stopping (the first one is always kept). */
export const MAX_ISSUES = 100

/** Longest indicator pattern scanned for observables; longer ones are skipped, not rejected. */
export const MAX_PATTERN_LENGTH = 256 * 1024

/** Longest observable value indexed (a URL may be long; nothing useful is longer). */
export const MAX_OBSERVABLE_LENGTH = 8192
