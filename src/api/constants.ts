/** Default request body limit when the caller gives none (the node's config normally does). */
export const BODY_LIMIT = 4 * 1024 * 1024

/** Default page size of list endpoints. */
export const PAGE_LIMIT = 100

/** Largest page any list endpoint returns, whatever the client asks. */
export const MAX_PAGE_LIMIT = 1000

/** How often an idle event stream gets a heartbeat comment, so proxies and clients see it alive. */
export const SSE_HEARTBEAT_MS = 15_000

/** Bytes an event stream may have queued for a slow client before the client is dropped. */
export const SSE_MAX_BUFFERED_BYTES = 1024 * 1024

/** Largest search value accepted (an indicator value, not a document). */
export const MAX_SEARCH_VALUE_LENGTH = 2048

/**
 * How long `close()` lets in-flight requests finish before the remaining
 * connections are cut: a client that keeps a connection busy (a stalled event
 * stream, a slow reader) must not hold a node's shutdown until keep-alive expires.
 */
export const SHUTDOWN_GRACE_MS = 2000
