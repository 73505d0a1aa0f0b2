/** Protocol id of the changes feed: a subscriber learns which envelopes a peer holds for it. */
export const FEED_PROTOCOL = '/intelmesh/feed/1.0.0'

/** Protocol id of the fetch protocol: a subscriber asks a peer for envelopes by id. */
export const FETCH_PROTOCOL = '/intelmesh/fetch/1.0.0'

/** Log entries announced per feed batch. */
export const FEED_BATCH_SIZE = 256

/**
 * A feed sends batches holding only relayed ids (or only a moved head) at
 * most once per this interval; the first after a quiet spell leaves at once.
 * Own publications are announced at once. A relayed id matters only when the
 * subscriber cannot reach its origin, and then it arrives at most this much
 * later.
 */
export const FEED_LINGER_MS = 1_000

/**
 * A feed whose subscriber was told it reached our head, and whose head then
 * moved over entries the subscriber may not receive (bundles for other
 * members), tells it the new head at most once per this interval, or with
 * its next announcement. The head only spares re-reading those entries after
 * a restart; sent at once, every publication cost a frame on every feed,
 * whatever its audience (docs/performance.md).
 */
export const FEED_HEAD_ONLY_INTERVAL_MS = 30_000

/** Largest envelope a feed sends with its announcement (larger ones are fetched). */
export const FEED_INLINE_ENVELOPE_MAX_BYTES = 64 * 1024

/** Envelope bytes one feed batch carries at most; the rest of the batch is ids only. */
export const FEED_INLINE_BATCH_BYTES = 256 * 1024

/** Envelope ids asked for per fetch request. */
export const FETCH_BATCH_SIZE = 64

/** Fetch responses read from the store and written together, in bytes of envelopes (bounds a request's memory). */
export const FETCH_SEND_CHUNK_BYTES = 256 * 1024

/** Largest number of ids a peer may ask for in one fetch request. */
export const MAX_FETCH_IDS = 1000

/** Fetch requests in flight to one peer at a time. */
export const MAX_IN_FLIGHT_FETCHES = 4

/** Envelopes of one fetch response processed concurrently (feeds the store's group commit). */
export const RECEIVE_CONCURRENCY = 32

/** Announced-but-unresolved ids one feed may hold before it stops reading its peer (backpressure). */
export const MAX_PENDING_PER_FEED = 2048

/** Largest control message of the feed/fetch protocols (requests, hellos, id batches). */
export const MAX_CONTROL_FRAME_BYTES = 64 * 1024

/** Largest feed batch: ids, plus the envelopes sent with them, plus their framing. */
export const MAX_FEED_FRAME_BYTES = MAX_CONTROL_FRAME_BYTES + FEED_INLINE_BATCH_BYTES + 4 * 1024

/**
 * How long a finished fetch stream stays open for the next request to the
 * same peer. Shorter than REQUEST_TIMEOUT_MS, after which the server ends a
 * stream that sends nothing: the requester closes first.
 */
export const FETCH_STREAM_IDLE_MS = 10_000

/** How long a peer may take to answer a handshake or a fetch request. */
export const REQUEST_TIMEOUT_MS = 30_000

/** Rejected messages a peer may cause within PENALTY_WINDOW_MS before it is disconnected. */
export const PENALTY_THRESHOLD = 20

/** Window over which rejections count towards a penalty. */
export const PENALTY_WINDOW_MS = 60_000

/** How long a penalised peer stays disconnected. */
export const PENALTY_COOLDOWN_MS = 60_000

/**
 * Longest a feed's checkpoint stays unwritten while it advances. A lagging
 * checkpoint costs only re-announced (and skipped) ids after a crash; one
 * synced write per feed batch cost more than the announcements themselves.
 */
export const CHECKPOINT_INTERVAL_MS = 1_000

/** Delay before a dropped feed subscription is opened again. */
export const FEED_RETRY_DELAY_MS = 1_000

/**
 * Longest the audit record of a send waits to be written with the other
 * sends to the same peer (SendAudit): one synced write per peer per interval
 * instead of one per fetch request.
 */
export const SEND_AUDIT_FLUSH_MS = 200

/** Sent ids waiting for their audit record that make it be written at once. */
export const SEND_AUDIT_MAX_IDS = 1000

/** Directory changes arriving within this window restart the subscriptions once. */
export const DIRECTORY_SETTLE_MS = 200

/** Protocol id of delivery receipts: a recipient tells a bundle's origin, and only it, that it stored the bundle. */
export const RECEIPT_PROTOCOL = '/intelmesh/receipt/1.0.0'

/**
 * Longest a receipt waits to be sent with the other receipts to the same
 * origin. Each batch costs a stream (open, protocol negotiation, batch, ack,
 * close: ~8 yamux frames) and a synced write at the origin, so at live rates
 * this interval sets the receipts' share of a delivery's events: at 200 ms it
 * was half the frames of a delivery in `bench:scale`. One second keeps the
 * origin's view of who holds a bundle within seconds.
 */
export const RECEIPT_FLUSH_MS = 1_000

/** Receipts per frame (and receipts waiting for one origin that make its batch leave at once): ~105 bytes each, well under a control frame. */
export const RECEIPT_BATCH_MAX = 256

/** How often receipts kept while their origin was unreachable are tried again for connected origins. */
export const RECEIPT_RETRY_MS = 30_000

/** A receipt's stored time may be this far from the bundle's creation (before) or the origin's clock (after). */
export const RECEIPT_CLOCK_SKEW_MS = 5 * 60_000
