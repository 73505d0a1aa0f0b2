/** Default page size of index lookups and lists. */
export const PAGE_LIMIT = 100

/** Largest page any query returns, whatever the caller asks. */
export const PAGE_LIMIT_MAX = 1000

/** Most log entries one `list` call examines before returning a `next` cursor. */
export const LIST_SCAN_MAX = 10_000

/** Most queued writes coalesced into one synced batch (group commit). */
export const GROUP_COMMIT_MAX = 256

/**
 * Longest a write that finds the queue idle waits for writes from other
 * origins to share its synced batch, in ms. The window opens only under
 * steady traffic (src/store/commit-window.ts); docs/performance.md, round 3.
 */
export const COMMIT_WINDOW_MS = 2

/** Most bundles one purge batch removes; a purge runs as many batches as it needs. */
export const PURGE_BATCH = 500

/** Most seen seqs kept above the watermark per origin; beyond it the oldest gaps are given up. */
export const SEEN_SPARSE_MAX = 4096

/** Most missing seqs reported per origin by `gaps()`. */
export const GAP_REPORT_MAX = 1000

/** Hash of the (absent) record before the first audit record. */
export const AUDIT_GENESIS = '0'.repeat(64)

/** Width of zero-padded numbers in keys: Number.MAX_SAFE_INTEGER has 16 digits. */
export const NUMBER_WIDTH = 16

/** Most records and most log positions the recent-write cache holds (the newest ones). */
export const RECENT_CACHE_ENTRIES = 8192

/** Most envelope bytes the recent-write cache holds (the newest envelopes). */
export const RECENT_CACHE_ENVELOPE_BYTES = 32 * 1024 * 1024

/**
 * Most keys read one by one with `getSync` before a read goes to the
 * database's thread pool as one `getMany`/`hasMany` instead. A point read on
 * the calling thread costs 2-30 µs (memtable and block cache); a hand-off to
 * libuv's pool and back cost 30-120 µs of CPU per call on the benchmark VM,
 * which made it the largest cost of a delivery (docs/performance.md).
 */
export const SYNC_READ_MAX = 64
