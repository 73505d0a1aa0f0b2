/** Where a node listens when its config names nothing: loopback only, any free port. */
export const LISTEN = ['/ip4/127.0.0.1/tcp/0']

/** Prefix of the private kad-dht protocol: `/intelmesh/kad/1.0.0`, never the public IPFS DHT. */
export const DHT_PROTOCOL_PREFIX = '/intelmesh'

/** First reconnect delay after a member drops or a dial fails (ms). */
export const RECONNECT_INITIAL_DELAY_MS = 1_000

/** Longest wait between two reconnect attempts to one member (ms). */
export const RECONNECT_MAX_DELAY_MS = 60_000

/** Each failed attempt multiplies the delay by this factor. */
export const RECONNECT_FACTOR = 2

/**
 * A connection must stay up this long before a member's backoff resets (ms):
 * a peer that accepts our dial and then drops us (it no longer lists us) must
 * not be redialled at the shortest delay forever.
 */
export const RECONNECT_STABLE_AFTER_MS = 10_000

/** Concurrent inbound streams one peer may hold open per protocol (per connection). */
export const MAX_INBOUND_STREAMS_PER_PROTOCOL = 32

/** Concurrent outbound streams this node opens to one peer per protocol (per connection). */
export const MAX_OUTBOUND_STREAMS_PER_PROTOCOL = 64

/** A stream with no byte in either direction for this long is reset (ms). 0 disables. */
export const IDLE_TIMEOUT_MS = 120_000

/**
 * One dial (all addresses of a peer, including the DHT lookup) may take this
 * long (ms). A Noise handshake on a busy host can take seconds; when dozens of
 * members (re)connect at once a 10 s limit made dials fail and back off.
 */
export const DIAL_TIMEOUT_MS = 20_000

/** Largest frame the framing helpers accept, matching `limits.maxFrameBytes` in config. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024

/**
 * Connections libp2p keeps before pruning. A federation has tens of members and
 * one connection each; the slack covers simultaneous dials in both directions.
 */
export const MAX_CONNECTIONS = 256

/**
 * Unfinished inbound handshakes allowed at once, a bound on handshake floods.
 * Above the number of members that may dial at once after a restart or a
 * directory change (16 refused most of a 32-member federation joining).
 */
export const MAX_INCOMING_PENDING_CONNECTIONS = 64

/**
 * The shortest a ping of libp2p's connection monitor may take before the
 * connection is judged dead and aborted (its timeout adapts above this). The
 * default (~5 s at first) dropped healthy connections of loaded hosts.
 */
export const PING_TIMEOUT_MIN_MS = 15_000

/** How often the DHT re-runs its self query once running (ms). */
export const DHT_QUERY_SELF_INTERVAL_MS = 60_000

/**
 * First DHT self query after start (ms). Every lookup waits for it, so in a
 * federation of a handful of nodes it must run early, not after libp2p's 1 s.
 */
export const DHT_INITIAL_QUERY_SELF_INTERVAL_MS = 200

/**
 * Largest yamux receive window per stream. Kept below the read buffer so that
 * a paused stream (a slow reader) can never be sent more than it may buffer.
 */
export const STREAM_WINDOW_BYTES = 4 * 1024 * 1024

/** Bytes a paused stream may buffer before libp2p resets it. */
export const STREAM_READ_BUFFER_BYTES = 8 * 1024 * 1024
