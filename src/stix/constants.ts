/**
 * Limits of the STIX module. They bound the work an attacker-supplied bundle
 * can cause before it is rejected; the envelope layer bounds the plaintext
 * size first, these are the second line.
 */

/** Largest JSON text accepted, in UTF-16 code units (or bytes for binary input). */
export const MAX_INPUT_LENGTH = 16 * 1024 * 1024

/**
 * Deepest nesting of arrays and objects accepted. A STIX 2.1 bundle rarely goes
 * past 10 (bundle → objects → object → extensions → extension → list → item …);
 * V8's JSON.parse is iterative but ~40x slower on deep nesting, so depth is
 * checked on the text before parsing.
 */
export const MAX_DEPTH = 32

/** Most objects in one bundle. */
export const MAX_OBJECTS = 100_000

/** Most validation issues collected before stopping (the first one is always kept). */
export const MAX_ISSUES = 100

/** Longest indicator pattern scanned for observables; longer ones are skipped, not rejected. */
export const MAX_PATTERN_LENGTH = 256 * 1024

/** Longest observable value indexed (a URL may be long; nothing useful is longer). */
export const MAX_OBSERVABLE_LENGTH = 8192
