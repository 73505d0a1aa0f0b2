import { KeyWrapper, loadIdentity } from '../crypto/index.js'
import { dataFolderPaths, readNodeConfig } from '../config/data-folder.js'
import { InvalidConfigError } from '../config/errors.js'
import { buildJurisdictionGroups, isCountryCode, loadJurisdictionData } from '../directory/index.js'
import { Network } from '../network/index.js'
import { groupsFingerprint, selfEpoch } from '../replication/epoch.js'
import { LogNotifier } from '../replication/log-notifier.js'
import { PeerPenalties } from '../replication/penalties.js'
import { ReceivePipeline } from '../replication/receive-pipeline.js'
import { Replicator } from '../replication/replicator.js'
import { MeshLinks } from '../replication/mesh-links.js'
import { Store } from '../store/store.js'
import { BundleNotFoundError, NotOriginError } from './errors.js'
import { createLogger } from './logger.js'
import { membershipOf } from './membership.js'
import { NodeMetrics } from './metrics.js'
import { Publisher } from './publisher.js'
import { Reader } from './reader.js'
import { OutcomeHandler } from './outcome-handler.js'
import { ownDirectory } from './own-directory.js'
import { NODE_VERSION } from './constants.js'
import { Maintenance } from './maintenance.js'
import { nodeStatus } from './node-status.js'
import { READY_MIN_PEERS, nodeReadiness, registerReadinessGauge } from './readiness.js'
import { PeerPresence } from './peer-presence.js'
import { Deliveries } from './deliveries.js'
import { Sightings } from './sightings.js'
import { KeyLifecycle } from '../keys/key-lifecycle.js'
import { Keyring } from '../keys/keyring.js'
import { loadKeyring } from '../keys/keyring-file.js'
import { RotationBook } from '../keys/rotation-book.js'
import { withRetiredSelf } from '../keys/retired-self.js'
import { registerRotationGauge } from '../keys/metrics.js'
import type { RetiredIdentity } from '../keys/keyring-file.js'
import type { ExposureReport } from '../keys/exposure.js'
import type { RotationView, SelfRotation } from '../keys/key-lifecycle.js'
import { Recovery } from './recovery.js'
import { backupHeader, backupStream } from '../backup/write-backup.js'
import { finishInterruptedRestore } from '../backup/restore.js'
import type { Readable } from 'node:stream'
import type { BackupHeader } from '../backup/format.js'
import type { RecoveryState } from '../store/types.js'
import type { NodeIdentity } from '../crypto/index.js'
import type { NodeConfig } from '../config/types.js'
import type { DirectoryChange, JurisdictionGroups, Member } from '../directory/types.js'
import type { EnvelopeLimits } from '../envelope/index.js'
import type { Directory } from '../directory/directory.js'
import type { DeliveryStatus, SightingsView, SightRequest, SightResult } from './types.js'
import type { BundleRecord } from '../store/types.js'
import type { BundleView, BundleWithContent, Explanation, IntelmeshNodeApi, ListQuery, NodeStatus, Page, PeerInput, PeerView, PublishRequest, PublishResult, SearchHit } from './types.js'
import type { Readiness } from './readiness.js'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'

/** How to create a node. */
export interface NodeOptions {
  /** The data folder made by `intelmesh init`. */
  dataDir: string
  /** Environment overrides (default `process.env`). */
  env?: Record<string, string | undefined>
  logger?: Logger
  /** Clock (ms since epoch); tests may pass their own. */
  now?: () => number
  /** Opens the store instead of LevelDB in the data folder (the in-process scale benchmark uses memory-level). */
  openStore?: () => Promise<Store>
}

/**
 * The composition root: the only place that builds the parts, starts them in
 * order (store, directory, network, replication, timers) and stops them in
 * reverse. Everything else receives what it needs from here.
 */
export class IntelmeshNode implements IntelmeshNodeApi {
  readonly config: NodeConfig
  readonly events = new EventTarget()
  readonly logger: Logger
  private readonly identity: NodeIdentity
  private readonly store: Store
  private readonly directory: Directory
  private readonly network: Network
  private readonly replicator: Replicator
  private readonly publisher: Publisher
  private readonly reader: Reader
  private readonly nodeMetrics = new NodeMetrics()
  private readonly penalties = new PeerPenalties()
  private readonly now: () => number
  private readonly groups: JurisdictionGroups
  private readonly groupsPrint: string
  private localEpoch: string
  private startedAt = 0

  /** Reads the config and the identity, opens the store and the directory; nothing listens yet. */
  static async create (options: NodeOptions): Promise<IntelmeshNode> {
    const config = await readNodeConfig(options.dataDir, options.env ?? process.env)
    if (!isCountryCode(config.jurisdiction)) {
      throw new InvalidConfigError('jurisdiction', `"${config.jurisdiction}" is not an ISO 3166-1 alpha-2 country code`)
    }
    const groups = buildJurisdictionGroups(await loadJurisdictionData(), config.jurisdictionGroups)
    const identity = await loadIdentity(options.dataDir)
    const logger = options.logger ?? createLogger({ level: config.logLevel, name: config.name })
    const swapped = await finishInterruptedRestore(options.dataDir)
    if (swapped !== undefined) logger.warn({ folder: swapped }, 'finished a restore that was interrupted during its swap: the restored store is now db')
    const retired = await loadKeyring(options.dataDir)
    const book = await RotationBook.open(options.dataDir)
    const store = options.openStore != null ? await options.openStore() : await Store.open(dataFolderPaths(options.dataDir).db)
    try {
      const now = options.now ?? Date.now
      const members = withRetiredSelf(await store.directory.list(), retired, config, now())
      return new IntelmeshNode({ config, identity, store, groups, logger, members, now, keys: { dataDir: options.dataDir, retired, book }, recovery: await store.recovery() })
    } catch (err) {
      await store.close()
      throw err
    }
  }

  private constructor (parts: { config: NodeConfig, identity: NodeIdentity, store: Store, groups: JurisdictionGroups, logger: Logger, members: Member[], now: () => number, keys: { dataDir: string, retired: RetiredIdentity[], book: RotationBook }, recovery?: RecoveryState }) {
    const { config, identity, store, groups, logger, now } = parts
    this.config = config
    this.identity = identity
    this.store = store
    this.groups = groups
    this.groupsPrint = groupsFingerprint(groups)
    this.logger = logger
    this.now = now
    const limits: EnvelopeLimits = config.limits
    this.directory = ownDirectory(config, identity.memberKey, store, parts.members, groups, now())
    this.localEpoch = selfEpoch(this.directory, this.groupsPrint)
    const recovery = new Recovery({ store, directory: this.directory, logger, now }, parts.recovery)
    this.recovery = recovery
    const wrapper = new KeyWrapper({ identity })
    const keyring = new Keyring({ identity, wrapper }, parts.keys.retired)
    this.keyring = keyring
    const getGroups = (): JurisdictionGroups => groups
    const meshDegree = config.replication.meshDegree ?? 0
    this.meshLinks = meshDegree > 0 ? new MeshLinks({ directory: this.directory }, { degree: meshDegree }) : undefined
    const meshLinks = this.meshLinks
    this.network = new Network({ privateKey: identity.toLibp2pPrivateKey(), membership: membershipOf(this.directory, this.penalties, now), logger, dialFilter: meshLinks == null ? undefined : peer => meshLinks.wants(peer), wantedBy: peer => this.replicator.wantedBy(peer) }, {
      listen: config.listen,
      announce: config.announce
    })
    this.presence = new PeerPresence({ network: this.network, now })
    const notifier = new LogNotifier()
    this.notifier = notifier
    const pipeline = new ReceivePipeline({ identity, wrapper, keyring, directory: this.directory, store, groups: getGroups, now }, { limits })
    const outcomes = new OutcomeHandler({ store, metrics: this.nodeMetrics, events: this.events, notifier, logger, now, view: record => this.reader.view(record), strike: (peer, code, reason) => { this.penalise(peer, code, reason) }, isPenalised: peer => this.penalties.isPenalised(peer, now()) })
    this.outcomes = outcomes
    this.replicator = new Replicator({
      network: this.network,
      store,
      directory: this.directory,
      pipeline,
      notifier,
      groups: getGroups,
      groupsFingerprint: () => this.groupsPrint,
      localEpoch: () => this.localEpoch,
      logger,
      now,
      onOutcome: async (outcome, from) => outcomes.handle(outcome, from),
      // A protocol violation is a rejection like any other: audited, counted by code, and a strike.
      penalise: (peer, code, reason) => { void outcomes.rejected(peer, code, reason).catch(err => { logger.warn({ peer, code, err: (err as Error).message }, 'recording a protocol violation failed') }) },
      onSent: count => { this.nodeMetrics.bundlesSent.inc(count) },
      onLag: (peer, lag) => { this.nodeMetrics.feedLag.set({ peer }, lag) },
      recovery: { echo: peer => recovery.echo(peer), seenFromYou: async (peer, seq) => recovery.seenFromYou(peer, seq), caughtUp: peer => { recovery.caughtUp(peer) } },
      subscribeTo: meshLinks == null ? undefined : peer => meshLinks.wants(peer),
      relaysFrom: meshLinks == null ? undefined : peer => meshLinks.neighbours().has(peer)
    }, {
      maxFrameBytes: limits.maxFrameBytes,
      feedBatchSize: config.replication.feedBatchSize,
      fetchBatchSize: config.replication.fetchBatchSize,
      maxInFlightFetches: config.replication.maxInFlightFetches
    })
    this.publisher = new Publisher({ identity, wrapper, directory: this.directory, store, groups: getGroups, now, checkMayPublish: () => { recovery.checkMayPublish() } }, { limits })
    this.maintenance = new Maintenance({
      store,
      metrics: this.nodeMetrics,
      logger,
      now,
      connectedPeers: () => this.network.connectedPeers().length,
      resync: () => { this.replicator.resync() }
    }, { purgeIntervalMs: config.purgeIntervalMs })
    this.reader = new Reader({ identity, wrapper, keyring, directory: this.directory, store, groups: getGroups }, { limits })
    registerReadinessGauge(this.nodeMetrics.registry, () => this.readiness())
    this.deliveryTracker = new Deliveries({ identity, store, directory: this.directory, network: this.network, events: this.events, logger, now, restoring: () => recovery.current !== undefined, penalise: (peer, code, reason) => { void outcomes.rejected(peer, code, reason).catch(err => { logger.warn({ peer, code, err: (err as Error).message }, 'recording a refused receipt failed') }) } })
    this.sightingReports = new Sightings({
      self: { key: identity.memberKey, name: config.name },
      directory: this.directory,
      store,
      groups: getGroups,
      now,
      logger,
      events: this.events,
      getBundle: async id => this.reader.getBundle(id),
      publish: async (stix, policy, expires, ref) => {
        const publication = await this.publisher.publishIntel(stix, policy, expires, ref)
        this.outcomes.stored(publication.record, 'published')
        return { id: publication.record.id, recipients: publication.record.recipients }
      }
    })
    this.keys = new KeyLifecycle({ dataDir: parts.keys.dataDir, directory: this.directory, store, keyring, book: parts.keys.book, network: this.network, logger, now, events: this.events, publisherIdle: async () => { await this.publisher.idle() }, rejected: async (peer, code, reason) => { await outcomes.rejected(peer, code, reason) } }, { autoAccept: config.keys?.autoAcceptRotations })
  }

  private readonly deliveryTracker: Deliveries
  private readonly sightingReports: Sightings

  private readonly keys: KeyLifecycle
  private readonly keyring: Keyring
  private readonly rotationGauge = registerRotationGauge(this.nodeMetrics.registry, () => this.keys.list().map(r => r.status))

  private readonly notifier: LogNotifier
  private readonly recovery: Recovery
  private readonly outcomes: OutcomeHandler
  private readonly maintenance: Maintenance
  private readonly presence: PeerPresence
  /** The bounded mesh's links (`replication.meshDegree` > 0); absent in a full mesh. */
  private readonly meshLinks: MeshLinks | undefined

  /** This node's member key (`12D3KooW…`). */
  get memberKey (): string {
    return this.identity.memberKey
  }

  /** Prometheus metrics. */
  get metrics (): Registry {
    return this.nodeMetrics.registry
  }

  /** Starts replication (its protocol handlers), then the network, then the purge and gap timers. */
  async start (): Promise<void> {
    this.startedAt = this.now()
    this.notifier.notify(await this.store.head())
    this.directory.addEventListener('change', this.onDirectoryChange)
    // Protocol handlers first, so a peer that connects the moment we listen finds them.
    await this.replicator.start()
    this.presence.start()
    await this.deliveryTracker.start()
    this.sightingReports.start()
    await this.keys.start()
    await this.network.start()
    await this.store.audit.append({ type: 'start', at: this.now(), detail: { version: NODE_VERSION } })
    await this.maintenance.start()
    this.logger.info({ memberKey: this.memberKey, listen: this.network.listenAddresses() }, 'node started')
  }

  /** Stops in reverse order; the store closes last, after a final audit record. */
  async stop (): Promise<void> {
    this.maintenance.stop()
    this.directory.removeEventListener('change', this.onDirectoryChange)
    this.keys.stop()
    await this.replicator.stop()
    // After replication: a bundle stored while it stopped still gets its receipt (kept for the next start).
    this.sightingReports.stop()
    await this.deliveryTracker.stop()
    await this.network.stop()
    this.presence.stop()
    await this.recovery.settled()
    await this.store.audit.append({ type: 'stop', at: this.now() }).catch(() => {})
    await this.store.close()
    this.logger.info({ memberKey: this.memberKey }, 'node stopped')
  }

  /** The libp2p listen addresses (with /p2p/<key>). */
  listenAddresses (): string[] {
    return this.network.listenAddresses()
  }

  /** Replication progress per connected peer (for tests, benchmarks and status). */
  replicationProgress (): ReturnType<Replicator['progress']> {
    return this.replicator.progress()
  }

  /** Resolves true once every subscription is caught up (or false on timeout). */
  async caughtUp (timeoutMs = 10_000): Promise<boolean> {
    return this.replicator.caughtUp(timeoutMs)
  }

  /** Network traffic counters (all protocols, or one). */
  networkStats (protocol?: string): ReturnType<Network['stats']> {
    return this.network.stats(protocol)
  }

  async publish (request: PublishRequest): Promise<PublishResult> {
    this.keys.assertCurrentKey()
    const timer = this.nodeMetrics.publishSeconds.startTimer()
    const publication = await this.publisher.publishIntel(request.stix, request.policy, request.expires ?? 0)
    timer()
    this.outcomes.stored(publication.record, 'published')
    this.linkRecipients(publication.record)
    return {
      id: publication.record.id,
      created: publication.record.created,
      recipients: publication.record.recipients.map(key => ({ key, name: this.directory.get(key)?.name ?? key })),
      excluded: publication.excluded
    }
  }

  async retract (id: string, reason = ''): Promise<{ id: string, retracted: string }> {
    this.keys.assertCurrentKey()
    const original = await this.reader.record(id)
    // A bundle published under one of our retired keys is retracted by that key (still ours).
    const signer = original.origin === this.memberKey ? undefined : this.keyring.pick([original.origin])
    if (original.origin !== this.memberKey && signer == null) throw new NotOriginError(id, original.origin)
    if (original.kind !== 'INTEL') throw new BundleNotFoundError(id)
    const publication = await this.publisher.publishRetraction(original, reason, signer)
    this.outcomes.stored(publication.record, 'published')
    this.linkRecipients(publication.record)
    return { id: publication.record.id, retracted: id }
  }

  async getBundle (id: string): Promise<BundleWithContent> {
    return this.reader.getBundle(id)
  }

  async listBundles (query: ListQuery): Promise<Page<BundleView>> {
    return this.reader.listBundles(query)
  }

  async search (value: string, options: { limit?: number } = {}): Promise<SearchHit[]> {
    return this.reader.search(value, options.limit)
  }

  async explain (id: string): Promise<Explanation[]> {
    return this.reader.explain(id)
  }

  async deliveries (id: string): Promise<DeliveryStatus> {
    return this.deliveryTracker.status(id)
  }

  async sight (id: string, request: SightRequest): Promise<SightResult> {
    return this.sightingReports.sight(id, request)
  }

  async sightings (id: string): Promise<SightingsView> {
    return this.sightingReports.list(id)
  }

  listPeers (): PeerView[] {
    const connected = new Set(this.network.connectedPeers())
    return this.directory.list().map(m => this.peerView(m, connected))
  }

  async addPeer (input: PeerInput): Promise<PeerView> {
    return this.peerView(await this.directory.add(input, this.now()))
  }

  /** Adds several peers at once (`Directory.addMany`: all or none validated, then emitted back to back). */
  async addPeers (inputs: readonly PeerInput[]): Promise<PeerView[]> {
    const members = await this.directory.addMany(inputs, this.now())
    const connected = new Set(this.network.connectedPeers())
    return members.map(m => this.peerView(m, connected))
  }

  async updatePeer (key: string, patch: Partial<Omit<PeerInput, 'key'>>): Promise<PeerView> {
    return this.peerView(await this.directory.update(key, patch, this.now()))
  }

  async removePeer (key: string): Promise<void> {
    await this.directory.remove(key)
  }

  async status (): Promise<NodeStatus> {
    const status = await nodeStatus({ config: this.config, memberKey: this.memberKey, store: this.store, directory: this.directory, network: this.network, outcomes: this.outcomes, startedAt: this.startedAt, now: this.now })
    const recovery = this.recovery.current
    return recovery === undefined ? status : { ...status, recovery: { restoredAt: recovery.restoredAt, backupCreated: recovery.backupCreated, pending: recovery.pending } }
  }

  async backup (options: { gzip: boolean }): Promise<{ header: BackupHeader, stream: Readable }> {
    // One snapshot of the whole store: writes go on while it streams, none of them in it.
    const snapshot = await this.store.snapshot()
    const meta = { memberKey: this.memberKey, nodeVersion: NODE_VERSION, created: this.now() }
    const header = backupHeader(snapshot, meta)
    try {
      await this.store.audit.append({ type: 'backup', at: meta.created, detail: { logHead: header.counts.logHead, bundles: header.counts.bundles, auditHead: header.counts.auditHead, gzip: options.gzip } })
    } catch (err) {
      await snapshot.close() // nobody will stream it: release what it pins
      throw err
    }
    return { header, stream: backupStream(snapshot, meta, options) }
  }

  readiness (): Readiness {
    const active = this.directory.list().filter(m => m.key !== this.memberKey && m.status === 'active').map(m => m.key)
    const connected = new Set(this.network.connectedPeers())
    return nodeReadiness({
      storeOpen: this.store.isOpen,
      networkStarted: this.network.isStarted,
      activePeers: active.length,
      connectedActivePeers: active.filter(key => connected.has(key)).length,
      minPeers: this.config.readiness?.minPeers ?? READY_MIN_PEERS
    })
  }

  async audit (query: { after?: number, limit?: number }): Promise<Array<Record<string, unknown>>> {
    await this.replicator.flushAudit()
    const records = await this.store.audit.read({ since: query.after ?? 0, limit: Math.min(query.limit ?? 100, 1000) })
    return records as unknown as Array<Record<string, unknown>>
  }

  async verifyAudit (): Promise<{ ok: boolean, checked: number, brokenAt?: number, reason?: string }> {
    // The store's verifier also checks that the chain ends at the committed head (a cut-off tail is caught).
    return this.store.audit.verify()
  }

  /** Rotates this node's key (docs/key-lifecycle.md); the node must then restart. Emits `restart-required`. */
  async rotateKey (reason?: string): Promise<SelfRotation> {
    const rotation = await this.keys.rotateSelf(reason)
    this.events.dispatchEvent(new CustomEvent('restart-required', { detail: { reason: 'key rotated', newKey: rotation.newKey } }))
    return rotation
  }

  listRotations (): RotationView[] {
    return this.keys.list()
  }

  async submitRotation (statement: unknown): Promise<RotationView> {
    return this.keys.submit(statement)
  }

  async acceptRotation (oldKey: string): Promise<RotationView> {
    return this.keys.accept(oldKey)
  }

  async rejectRotation (oldKey: string): Promise<RotationView> {
    return this.keys.reject(oldKey)
  }

  async compromisePeer (key: string): Promise<PeerView> {
    return this.peerView(await this.keys.compromise(key))
  }

  async exposure (key: string): Promise<ExposureReport> {
    await this.replicator.flushAudit()
    return this.keys.exposure(key)
  }

  private peerView (member: Member, connected = new Set(this.network.connectedPeers())): PeerView {
    const self = member.key === this.memberKey
    const isConnected = connected.has(member.key)
    return { ...member, self, connected: isConnected, ...(self ? {} : this.presence.of(member.key, isConnected)) }
  }

  private readonly onDirectoryChange = (event: Event): void => {
    const change = (event as CustomEvent<DirectoryChange>).detail
    const before = this.localEpoch
    this.localEpoch = selfEpoch(this.directory, this.groupsPrint)
    void this.network.membershipChanged().catch(err => { this.logger.warn({ err: (err as Error).message }, 'membership update failed') })
    const admitted = change.kind !== 'removed' && change.member.status === 'active'
    this.replicator.directoryChanged(change.member.key, {
      rescoped: this.localEpoch !== before,
      // Only a bundle refused for coming from, or through, an unknown key can be accepted now.
      reconsider: admitted && this.outcomes.takeUnknownMemberRejections()
    })
  }

  /** In a bounded mesh: dial the recipients of our own publication that the mesh cannot reach through recipients. */
  private linkRecipients (record: BundleRecord): void {
    if (this.meshLinks?.published(record) !== true) return
    // Dial only: pruning here would cut links other members made to us (their direct links).
    this.network.dialWanted()
    this.replicator.linksChanged()
  }

  private penalise (peer: string, code: string, reason: string): void {
    if (this.penalties.strike(peer, this.now())) {
      this.nodeMetrics.penalties.inc()
      this.logger.warn({ peer, code, reason }, 'peer penalised: too many rejected messages; disconnecting')
      void this.store.audit.append({ type: 'reject', at: this.now(), peer, code: 'PEER_PENALISED', reason: `too many rejected messages (last: ${code}); disconnected for a cooldown` })
        .catch(err => { this.logger.warn({ peer, err: (err as Error).message }, 'auditing a penalty failed') })
      void this.network.membershipChanged()
    }
  }
}

