import type { NodeConfig } from '../config/types.js'
import type { Member, MemberInput, Role } from '../directory/types.js'
import type { Policy, Tlp } from '../policy/types.js'
import type { Readiness } from './readiness.js'
import type { Presence } from './peer-presence.js'
import type { ExposureReport } from '../keys/exposure.js'
import type { RotationView, SelfRotation } from '../keys/key-lifecycle.js'
import type { BackupHeader } from '../backup/format.js'
import type { Readable } from 'node:stream'
import type { Registry } from 'prom-client'

/** A request to publish a STIX bundle under a distribution policy. */
export interface PublishRequest {
  /** The STIX 2.1 bundle (object or JSON text). */
  stix: unknown
  /** The distribution policy (validated and normalised by the node). */
  policy: unknown
  /** Expiry, ms since epoch; absent or 0 = never. */
  expires?: number
}

/** One member left out of a bundle's distribution, and why. */
export interface Exclusion { key: string; name: string; reason: string }

/** What publishing decided: the recipients and the members left out, with reasons. */
export interface PublishResult {
  id: string
  created: number
  recipients: Array<{ key: string; name: string }>
  excluded: Exclusion[]
}

/** A stored bundle as the API shows it (no plaintext). */
export interface BundleView {
  id: string
  origin: string
  originName?: string
  kind: 'INTEL' | 'RETRACTION'
  ref?: string
  created: number
  expires: number
  receivedAt: number
  from: string
  tlp: Tlp
  policy: Policy
  recipients: string[]
  types: string[]
  objects: Array<{ id: string; type: string; modified?: string }>
  /** Position in this node's local log: the paging cursor and the TAXII "date added" order. */
  pos: number
  size: number
}

/** A stored bundle with its decrypted content: the STIX bundle (INTEL) or the retraction note (RETRACTION). */
export interface BundleWithContent extends BundleView {
  stix?: { type: 'bundle'; id: string; objects: Array<Record<string, unknown>> }
  retraction?: { reason: string }
}

/** Filters and paging of `listBundles`. */
export interface ListQuery {
  /** Return bundles after this log position (the `next` of the previous page). */
  after?: number
  limit?: number
  origin?: string
  type?: string
  /** ms since epoch, on the bundle's `created`. */
  createdAfter?: number
  createdBefore?: number
  /** ms since epoch, on `receivedAt` (TAXII added_after). */
  receivedAfter?: number
  kind?: 'INTEL' | 'RETRACTION'
}

/** One page of results; `next` is the cursor for the next page, absent at the end. */
export interface Page<T> { items: T[]; next?: number }

/** A search hit: a STIX object holding the searched value. */
export interface SearchHit {
  value: string
  kind: string
  bundleId: string
  objectId: string
  object?: Record<string, unknown>
  bundle: BundleView
}

/** Would a member receive a bundle, and why. */
export interface Explanation {
  key: string
  name: string
  jurisdiction: string
  roles: Role[]
  /** Listed in the signed header. */
  listed: boolean
  /** Eligible by this node's directory and the policy now. */
  ok: boolean
  reason: string
}

/** A directory entry plus its live connection state. */
export interface PeerView extends Member, Presence {
  self: boolean
  connected: boolean
}

/** Input to add a peer (validated by the directory). */
export type PeerInput = MemberInput

/** Operational state of a node. */
export interface NodeStatus {
  memberKey: string
  name: string
  jurisdiction: string
  roles: Role[]
  version: string
  uptimeMs: number
  listen: string[]
  logId: string
  logHead: number
  peers: { directory: number; active: number; connected: number }
  bundles: { stored: number; retracted: number; tombstones: number }
  /** Missing per-recipient sequence numbers by origin. */
  gaps: Array<{ origin: string; missing: number[] }>
  rejects: Record<string, number>
  /** Present after a restore until the node has caught up with every active member (publishing is held until then). */
  recovery?: { restoredAt: number; backupCreated: number; pending: string[] }
}

/** Who of a bundle's recipients acknowledged storing it (origin only). */
export interface DeliveryStatus {
  id: string
  /** Every listed recipient but the origin itself. */
  recipients: Array<{ key: string; name: string; status: 'delivered' | 'pending'; deliveredAt?: number }>
}

/** One reported sighting of an object of a bundle. */
export interface SightingView {
  /** The sighting bundle's id. */
  bundleId: string
  /** The member that reported it (the sighting bundle's origin). */
  from: string
  fromName: string
  count: number
  /** The sighted object, e.g. `indicator--…`. */
  indicator: string
  firstSeen?: string
  lastSeen?: string
  /** When this node stored the sighting bundle (ms since epoch). */
  receivedAt: number
}

/** The sightings reported for a bundle that reached this node. */
export interface SightingsView { id: string; sightings: SightingView[] }

/** A sighting to report to the origin of a received bundle. */
export interface SightRequest {
  /** How many times it was seen (1 to 999,999,999). */
  count: number
  /** The sighted indicator's STIX id; optional when the bundle holds exactly one indicator. */
  indicator?: string
  /** First and last time seen (ISO 8601); default: now. `seenAt` sets both. */
  seenAt?: string
  firstSeen?: string
  lastSeen?: string
  /**
   * `origin` (default): only the bundle's origin receives the sighting.
   * `recipients`: also the bundle's other recipients that its policy admits by this node's directory.
   */
  share?: 'origin' | 'recipients'
}

/** The sighting bundle published for a SightRequest. */
export interface SightResult {
  /** The new sighting bundle's id. */
  id: string
  /** The bundle sighted. */
  ref: string
  indicator: string
  sighting: string
  /** Who receives the sighting (this node left out). */
  recipients: Array<{ key: string; name: string }>
}

/** The node's public interface: all that the HTTP API, TAXII and the CLI may use. */
export interface IntelmeshNodeApi {
  readonly memberKey: string
  readonly config: NodeConfig
  /** Emits `bundle` (CustomEvent<BundleView>) for every newly stored bundle and `retracted` (CustomEvent<{ id: string }>). */
  readonly events: EventTarget
  /** Prometheus metrics. */
  readonly metrics: Registry

  publish (request: PublishRequest): Promise<PublishResult>
  retract (id: string, reason?: string): Promise<{ id: string; retracted: string }>
  getBundle (id: string): Promise<BundleWithContent>
  listBundles (query: ListQuery): Promise<Page<BundleView>>
  search (value: string, options?: { limit?: number }): Promise<SearchHit[]>
  explain (id: string): Promise<Explanation[]>
  /** Origin only: who of the bundle's recipients acknowledged it (NOT_ORIGIN elsewhere). */
  deliveries (id: string): Promise<DeliveryStatus>
  /** Reports a sighting of a received bundle's indicator to its origin (a new sighting bundle). */
  sight (id: string, request: SightRequest): Promise<SightResult>
  /** The sightings this node holds for a bundle. */
  sightings (id: string): Promise<SightingsView>

  listPeers (): PeerView[]
  addPeer (input: PeerInput): Promise<PeerView>
  updatePeer (key: string, patch: Partial<Omit<PeerInput, 'key'>>): Promise<PeerView>
  removePeer (key: string): Promise<void>

  /** Key lifecycle (docs/key-lifecycle.md). */
  rotateKey (reason?: string): Promise<SelfRotation>
  listRotations (): RotationView[]
  submitRotation (statement: unknown): Promise<RotationView>
  acceptRotation (oldKey: string): Promise<RotationView>
  rejectRotation (oldKey: string): Promise<RotationView>
  compromisePeer (key: string): Promise<PeerView>
  exposure (key: string): Promise<ExposureReport>

  status (): Promise<NodeStatus>
  /** Store open, network started, enough active peers connected (GET /readyz). */
  readiness (): Readiness
  audit (query: { after?: number; limit?: number }): Promise<Array<Record<string, unknown>>>
  verifyAudit (): Promise<{ ok: boolean; checked: number; brokenAt?: number; reason?: string }>
  /** A consistent backup of the running node's store, streamed (docs/backup.md). */
  backup (options: { gzip: boolean }): Promise<{ header: BackupHeader; stream: Readable }>
}
