import type { Role } from '../directory/types.js'
import type { Tlp } from '../policy/types.js'

/** A TAXII collection: a named distribution preset for objects POSTed to it. */
export interface CollectionPreset {
  /** TAXII collection id (a UUID). */
  id: string
  title: string
  description?: string
  /** Policy fields applied to everything published through the collection. */
  policy: {
    tlp: Tlp
    allow?: string[]
    deny?: string[]
    groups?: string[]
    members?: string[]
    authorities?: boolean
    personalData?: boolean
  }
}

/** Size limits checked before any allocation or crypto. */
export interface LimitsConfig {
  maxFrameBytes: number
  maxHeaderBytes: number
  maxRecipients: number
  maxPlaintextBytes: number
}

/** A node's complete, validated configuration (defaults ← config.json ← environment). */
export interface NodeConfig {
  /** Human name of this member organisation. */
  name: string
  /** ISO 3166-1 alpha-2 jurisdiction of this member. */
  jurisdiction: string
  roles: Role[]
  /** Sharing groups this member belongs to. */
  groups: string[]
  /** libp2p listen multiaddrs. */
  listen: string[]
  /** Extra multiaddrs to announce to peers (e.g. a public address behind NAT). */
  announce: string[]
  api: { host: string; port: number; bodyLimitBytes: number }
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Admin-defined jurisdiction groups (name -> codes or other groups), added to config/jurisdictions.json. */
  jurisdictionGroups: Record<string, string[]>
  collections: CollectionPreset[]
  limits: LimitsConfig
  /** `meshDegree`: mesh neighbours per node (docs/configuration.md); 0 or absent = full mesh. */
  replication: { feedBatchSize: number; fetchBatchSize: number; maxInFlightFetches: number; meshDegree?: number }
  /** How often expired bundles are purged. */
  purgeIntervalMs: number
  /** When GET /readyz answers 200: at least `minPeers` active peers connected (capped at the active peers; default READY_MIN_PEERS). */
  readiness?: { minPeers: number }
  /** Key lifecycle: accept a peer's rotation signed by its active key without the admin (default false). */
  keys?: { autoAcceptRotations?: boolean }
}
