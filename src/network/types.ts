import type { Stream } from '@libp2p/interface'

/**
 * What the network needs to know about membership; the composition root adapts
 * the Directory to it. Called on every gater decision, so it must be cheap and
 * synchronous.
 */
export interface Membership {
  /** True when the peer (PeerId string) is an active member of this node's directory (not self). */
  isActiveMember(peer: string): boolean
  /** Active members other than self, with their known multiaddrs (may be empty). */
  activeMembers(): Array<{ key: string, addresses: string[] }>
}

/** Events the network emits upwards; replication listens, the network never calls up. */
export interface NetworkEvents {
  /** The first connection to an active member is open. */
  'peer:connected': CustomEvent<{ peer: string }>
  /** The last connection to a peer closed (also sent for a member just removed). */
  'peer:disconnected': CustomEvent<{ peer: string }>
}

/** Reconnect backoff: delay = min(max, initial · factor^attempt), then jittered to [½, 1]. */
export interface ReconnectInit {
  /** First delay (ms). @default RECONNECT_INITIAL_DELAY_MS (1 s) */
  initialDelayMs?: number
  /** Ceiling (ms). @default RECONNECT_MAX_DELAY_MS (60 s) */
  maxDelayMs?: number
  /** Growth per failed attempt. @default RECONNECT_FACTOR (2) */
  factor?: number
  /** A connection that lasted this long resets the backoff (ms). @default RECONNECT_STABLE_AFTER_MS (10 s) */
  stableAfterMs?: number
}

/** Optional settings of the network. */
export interface NetworkInit {
  /** Multiaddrs to listen on. @default ['/ip4/127.0.0.1/tcp/0'] */
  listen?: string[]
  /** Multiaddrs to announce instead of the listen addresses. @default [] */
  announce?: string[]
  /** Private DHT prefix; the DHT protocol is `<prefix>/kad/1.0.0`. @default '/intelmesh' */
  dhtProtocolPrefix?: string
  /** Backoff of reconnects to members. */
  reconnect?: ReconnectInit
  /** Default inbound stream limit of a protocol registered with `handle()`. @default 32 */
  maxInboundStreamsPerProtocol?: number
  /** Default outbound stream limit of a protocol registered with `handle()`. @default 64 */
  maxOutboundStreamsPerProtocol?: number
  /** Streams idle longer are reset with StreamTimeoutError; 0 disables. @default 120000 */
  idleTimeoutMs?: number
  /** One dial attempt to a member (incl. DHT lookup) may take this long. @default 10000 */
  dialTimeoutMs?: number
  /** libp2p prunes connections above this. @default 256 */
  maxConnections?: number
}

/** A protocol handler: receives only streams from active members. */
export type ProtocolHandler = (stream: Stream, peer: string) => void | Promise<void>

/** Per-protocol options of `handle()`. */
export interface HandleOptions {
  /** Concurrent inbound streams per peer connection. @default init.maxInboundStreamsPerProtocol */
  maxInboundStreams?: number
  /** Concurrent outbound streams per peer connection. @default init.maxOutboundStreamsPerProtocol */
  maxOutboundStreams?: number
  /** Idle timeout for this protocol's inbound streams (ms, 0 disables). @default init.idleTimeoutMs */
  idleTimeoutMs?: number
}

/** Options of `openStream()`. */
export interface OpenStreamOptions {
  /** Aborts the dial and protocol negotiation. */
  signal?: AbortSignal
  /** Idle timeout of this stream (ms, 0 disables, e.g. for a long-lived feed). @default init.idleTimeoutMs */
  idleTimeoutMs?: number
}

/** Traffic and connection counts, for benchmarks and metrics. */
export interface NetworkStats {
  /** Bytes delivered to readers of streams opened or handled through the network. */
  bytesIn: number
  /** Bytes written to those streams. */
  bytesOut: number
  /** Open connections. */
  connections: number
}
