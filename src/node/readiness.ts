// Readiness: can this node do its job right now? Its store is open, its
// network is started and enough of its active peers are connected. A pure
// function of those facts, so the probe route and the metric agree.
import { Gauge } from 'prom-client'
import type { Registry } from 'prom-client'

/** Active peers that must be connected before the node reports ready (`readiness.minPeers`). */
export const READY_MIN_PEERS = 1

/** Whether the node is ready, and if not, why (no keys, names or intel: probes read it without a token). */
export interface Readiness {
  ready: boolean
  /** Why the node is not ready; absent when it is. */
  reason?: string
  store: 'open' | 'closed'
  network: 'started' | 'stopped'
  /** Active directory members connected now, and how many readiness requires. */
  peers: { connected: number; required: number }
}

/** The facts readiness is decided from. */
export interface ReadinessFacts {
  storeOpen: boolean
  networkStarted: boolean
  /** Active members in the directory, this node excluded. */
  activePeers: number
  /** Of those, how many have an open connection. */
  connectedActivePeers: number
  /** `readiness.minPeers` of the config. */
  minPeers: number
}

/**
 * Ready when the store is open, the network started and at least
 * min(minPeers, active peers) active peers are connected: a node whose
 * directory has no active peer yet (a fresh install) has nobody to wait for,
 * and minPeers larger than the federation cannot hold the node back forever.
 */
export function nodeReadiness (facts: ReadinessFacts): Readiness {
  const required = Math.min(facts.minPeers, facts.activePeers)
  const peers = { connected: facts.connectedActivePeers, required }
  const base = { store: facts.storeOpen ? 'open' : 'closed', network: facts.networkStarted ? 'started' : 'stopped', peers } as const
  if (!facts.storeOpen) return { ready: false, reason: 'the store is not open', ...base }
  if (!facts.networkStarted) return { ready: false, reason: 'the network is not started', ...base }
  if (peers.connected < required) return { ready: false, reason: `${peers.connected} of the ${required} active peer(s) required are connected`, ...base }
  return { ready: true, ...base }
}

/** Registers `intelmesh_ready` (1 ready, 0 not), computed at each scrape. */
export function registerReadinessGauge (registry: Registry, read: () => Readiness): Gauge {
  return new Gauge({
    name: 'intelmesh_ready',
    help: 'Whether the node is ready: store open, network started, enough active peers connected (GET /readyz)',
    registers: [registry],
    collect () { this.set(read().ready ? 1 : 0) }
  })
}
