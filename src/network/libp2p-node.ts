import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import {
  DHT_INITIAL_QUERY_SELF_INTERVAL_MS, DHT_QUERY_SELF_INTERVAL_MS, MAX_INCOMING_PENDING_CONNECTIONS, PING_TIMEOUT_MIN_MS,
  STREAM_READ_BUFFER_BYTES, STREAM_WINDOW_BYTES
} from './constants.js'
import { libp2pLogger } from './libp2p-logger.js'
import { patchOneWritePerRecord } from './one-write-per-record.js'
import { patchYamuxWindowUpdates } from './yamux-window-updates.js'
import type { Identify } from '@libp2p/identify'
import type { ComponentLogger, ConnectionGater, Libp2p, PrivateKey } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Ping } from '@libp2p/ping'

// Before any connection exists: credit is granted once half a window was read, not after
// every frame, and a closed connection must not crash the process (yamux-window-updates.ts).
patchYamuxWindowUpdates()
// One socket write per Noise record, not one per buffer of it (one-write-per-record.ts).
patchOneWritePerRecord()

/** The libp2p services intelmesh runs (a type alias: libp2p's ServiceMap needs an index signature). */
export type IntelmeshServices = {
  /** Learns the peer's listen addresses and protocols (the DHT needs both). */
  identify: Identify
  /** Liveness; the connection monitor and the DHT use it. */
  ping: Ping
  /** Private kad-dht among members: finds members known by key alone. */
  dht: KadDHT
}

/** A libp2p node with intelmesh's services. */
export type IntelmeshLibp2p = Libp2p<IntelmeshServices>

/** Components of the libp2p node. */
export interface Libp2pNodeComponents {
  /** The node's Ed25519 key: its PeerId and member key. */
  privateKey: PrivateKey
  /** Refuses every non-member. */
  connectionGater: ConnectionGater
}

/** Resolved settings of the libp2p node (the Network resolves defaults). */
export interface Libp2pNodeInit {
  listen: string[]
  announce: string[]
  dhtProtocolPrefix: string
  dialTimeoutMs: number
  maxConnections: number
}

/**
 * Builds and starts libp2p: TCP, Noise, Yamux, identify, ping and a private
 * kad-dht, behind the membership gater.
 */
export async function createLibp2pNode (components: Libp2pNodeComponents, init: Libp2pNodeInit): Promise<IntelmeshLibp2p> {
  return await createLibp2p({
    privateKey: components.privateKey,
    addresses: {
      listen: init.listen,
      announce: init.announce
    },
    ...loggerOption(),
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux({
      streamOptions: {
        // a paused stream (framing backpressure) grants no more window, so with
        // the window below the read buffer a stalled reader never overflows
        maxStreamWindowSize: STREAM_WINDOW_BYTES,
        maxReadBufferLength: STREAM_READ_BUFFER_BYTES
      }
    })],
    connectionGater: components.connectionGater,
    connectionMonitor: { pingTimeout: { minTimeout: PING_TIMEOUT_MIN_MS } },
    connectionManager: {
      maxConnections: init.maxConnections,
      maxIncomingPendingConnections: MAX_INCOMING_PENDING_CONNECTIONS,
      dialTimeout: init.dialTimeoutMs,
      // the Network's reconnector owns redials to members, with its own backoff
      reconnectRetries: 0
    },
    services: {
      identify: identify(),
      ping: ping(),
      dht: kadDHT({
        protocol: `${init.dhtProtocolPrefix}/kad/1.0.0`,
        // members run on private networks and loopback; the default mapper drops those addresses
        peerInfoMapper: passthroughMapper,
        // every member answers queries; libp2p would otherwise stay a client until it sees a public address
        clientMode: false,
        initialQuerySelfInterval: DHT_INITIAL_QUERY_SELF_INTERVAL_MS,
        querySelfInterval: DHT_QUERY_SELF_INTERVAL_MS,
        logPrefix: 'intelmesh:kad-dht',
        datastorePrefix: '/intelmesh-dht',
        metricsPrefix: 'intelmesh_kad_dht'
      })
    }
  })
}

/** libp2p's `logger` option: ours unless `DEBUG` asks for libp2p's own (see libp2p-logger.ts). */
function loggerOption (): { logger?: ComponentLogger } {
  const logger = libp2pLogger()
  return logger == null ? {} : { logger }
}
