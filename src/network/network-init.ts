import {
  DHT_PROTOCOL_PREFIX, DIAL_TIMEOUT_MS, IDLE_TIMEOUT_MS, LISTEN, MAX_CONNECTIONS,
  MAX_INBOUND_STREAMS_PER_PROTOCOL, MAX_OUTBOUND_STREAMS_PER_PROTOCOL,
  RECONNECT_FACTOR, RECONNECT_INITIAL_DELAY_MS, RECONNECT_MAX_DELAY_MS, RECONNECT_STABLE_AFTER_MS
} from './constants.js'
import { InvalidNetworkConfigError } from './errors.js'
import type { Backoff } from './backoff.js'
import type { NetworkInit } from './types.js'

/** NetworkInit with every default filled in. */
export interface ResolvedNetworkInit {
  listen: string[]
  announce: string[]
  dhtProtocolPrefix: string
  reconnect: Backoff & { stableAfterMs: number }
  maxInboundStreamsPerProtocol: number
  maxOutboundStreamsPerProtocol: number
  idleTimeoutMs: number
  dialTimeoutMs: number
  maxConnections: number
}

/** Fills defaults from constants.ts and checks ranges; throws InvalidNetworkConfigError naming the field. */
export function resolveNetworkInit (init: NetworkInit): ResolvedNetworkInit {
  const resolved: ResolvedNetworkInit = {
    listen: init.listen ?? LISTEN,
    announce: init.announce ?? [],
    dhtProtocolPrefix: init.dhtProtocolPrefix ?? DHT_PROTOCOL_PREFIX,
    reconnect: {
      initialDelayMs: init.reconnect?.initialDelayMs ?? RECONNECT_INITIAL_DELAY_MS,
      maxDelayMs: init.reconnect?.maxDelayMs ?? RECONNECT_MAX_DELAY_MS,
      factor: init.reconnect?.factor ?? RECONNECT_FACTOR,
      stableAfterMs: init.reconnect?.stableAfterMs ?? RECONNECT_STABLE_AFTER_MS
    },
    maxInboundStreamsPerProtocol: init.maxInboundStreamsPerProtocol ?? MAX_INBOUND_STREAMS_PER_PROTOCOL,
    maxOutboundStreamsPerProtocol: init.maxOutboundStreamsPerProtocol ?? MAX_OUTBOUND_STREAMS_PER_PROTOCOL,
    idleTimeoutMs: init.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
    dialTimeoutMs: init.dialTimeoutMs ?? DIAL_TIMEOUT_MS,
    maxConnections: init.maxConnections ?? MAX_CONNECTIONS
  }
  positive('reconnect.initialDelayMs', resolved.reconnect.initialDelayMs)
  positive('reconnect.maxDelayMs', resolved.reconnect.maxDelayMs)
  if (!(resolved.reconnect.factor >= 1)) {
    throw new InvalidNetworkConfigError(`network reconnect.factor must be >= 1, got ${resolved.reconnect.factor}`)
  }
  if (resolved.reconnect.maxDelayMs < resolved.reconnect.initialDelayMs) {
    throw new InvalidNetworkConfigError('network reconnect.maxDelayMs must be >= reconnect.initialDelayMs')
  }
  positive('reconnect.stableAfterMs', resolved.reconnect.stableAfterMs)
  positive('maxInboundStreamsPerProtocol', resolved.maxInboundStreamsPerProtocol)
  positive('maxOutboundStreamsPerProtocol', resolved.maxOutboundStreamsPerProtocol)
  positive('dialTimeoutMs', resolved.dialTimeoutMs)
  positive('maxConnections', resolved.maxConnections)
  if (!(resolved.idleTimeoutMs >= 0)) {
    throw new InvalidNetworkConfigError(`network idleTimeoutMs must be >= 0 (0 disables), got ${resolved.idleTimeoutMs}`)
  }
  if (!resolved.dhtProtocolPrefix.startsWith('/') || resolved.dhtProtocolPrefix.endsWith('/')) {
    throw new InvalidNetworkConfigError(`network dhtProtocolPrefix must start with "/" and not end with one, got "${resolved.dhtProtocolPrefix}"`)
  }
  if (resolved.listen.length === 0) {
    throw new InvalidNetworkConfigError('network listen must name at least one multiaddr')
  }
  return resolved
}

function positive (field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InvalidNetworkConfigError(`network ${field} must be a positive number, got ${value}`)
  }
}
