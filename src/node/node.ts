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
import type { NodeIdentity } from '../crypto/index.js'
import type { NodeConfig } from '../config/types.js'
import type { DirectoryChange, JurisdictionGroups, Member } from '../directory/types.js'
import type { EnvelopeLimits } from '../envelope/index.js'
import type { Directory } from '../directory/directory.js'
import type { BundleRecord } from '../store/types.js'
import type { BundleView, BundleWithContent, Explanation, IntelmeshNodeApi, ListQuery, NodeStatus, Page, PeerInput, PeerView, PublishRequest, PublishResult, SearchHit } from './types.js'
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
    const store = options.openStore != null ? await options.openStore() : await Store.open(dataFolderPaths(options.dataDir).db)
    try {
      return new IntelmeshNode({ config, identity, store, groups, logger, members: await store.directory.list(), now: options.now ?? Date.now })
    } catch (err) {
      await store.close()
      throw err
    }
  }

  private constructor (parts: { config: NodeConfig, identity: NodeIdentity, store: Store, groups: JurisdictionGroups, logger: Logger, members: Member[], now: () => number }) {
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
    const wrapper = new KeyWrapper({ identity })
    const getGroups = (): JurisdictionGroups => groups
    const meshDegree = config.replication.meshDegree ?? 0
    this.meshLinks = meshDegree > 0 ? new MeshLinks({ directory: this.directory }, { degree: meshDegree }) : undefined
    const meshLinks = this.meshLinks
    this.network = new Network({ privateKey: identity.toLibp2pPrivateKey(), membership: membershipOf(this.directory, this.penalties, now), logger, dialFilter: meshLinks == null ? undefined : peer => meshLinks.wants(peer) }, {
      listen: config.listen,
      announce: config.announce
    })
    const notifier = new LogNotifier()
    this.notifier = notifier
    const pipeline = new ReceivePipeline({ identity, wrapper, directory: this.directory, store, groups: getGroups, now }, { limits })
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
      subscribeTo: meshLinks == null ? undefined : peer => meshLinks.wants(peer)
    }, {
      maxFrameBytes: limits.maxFrameBytes,
      feedBatchSize: config.replication.feedBatchSize,
      fetchBatchSize: config.replication.fetchBatchSize,
      maxInFlightFetches: config.replication.maxInFlightFetches
    })
    this.publisher = new Publisher({ identity, wrapper, directory: this.directory, store, groups: getGroups, now }, { limits })
    this.maintenance = new Maintenance({
      store,
      metrics: this.nodeMetrics,
      logger,
      now,
      connectedPeers: () => this.network.connectedPeers().length,
      resync: () => { this.replicator.resync() }
    }, { purgeIntervalMs: config.purgeIntervalMs })
    this.reader = new Reader({ identity, wrapper, directory: this.directory, store, groups: getGroups }, { limits })
  }

  private readonly notifier: LogNotifier
  private readonly outcomes: OutcomeHandler
  private readonly maintenance: Maintenance
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
    await this.network.start()
    await this.store.audit.append({ type: 'start', at: this.now(), detail: { version: NODE_VERSION } })
    await this.maintenance.start()
    this.logger.info({ memberKey: this.memberKey, listen: this.network.listenAddresses() }, 'node started')
  }

  /** Stops in reverse order; the store closes last, after a final audit record. */
  async stop (): Promise<void> {
    this.maintenance.stop()
    this.directory.removeEventListener('change', this.onDirectoryChange)
    await this.replicator.stop()
    await this.network.stop()
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

  /** Network traffic counters. */
  networkStats (): ReturnType<Network['stats']> {
    return this.network.stats()
  }

  async publish (request: PublishRequest): Promise<PublishResult> {
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
    const original = await this.reader.record(id)
    if (original.origin !== this.memberKey) throw new NotOriginError(id, original.origin)
    if (original.kind !== 'INTEL') throw new BundleNotFoundError(id)
    const publication = await this.publisher.publishRetraction(original, reason)
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

  listPeers (): PeerView[] {
    const connected = new Set(this.network.connectedPeers())
    return this.directory.list().map(m => this.peerView(m, connected))
  }

  async addPeer (input: PeerInput): Promise<PeerView> {
    return this.peerView(await this.directory.add(input, this.now()))
  }

  async updatePeer (key: string, patch: Partial<Omit<PeerInput, 'key'>>): Promise<PeerView> {
    return this.peerView(await this.directory.update(key, patch, this.now()))
  }

  async removePeer (key: string): Promise<void> {
    await this.directory.remove(key)
  }

  async status (): Promise<NodeStatus> {
    return nodeStatus({ config: this.config, memberKey: this.memberKey, store: this.store, directory: this.directory, network: this.network, outcomes: this.outcomes, startedAt: this.startedAt, now: this.now })
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

  private peerView (member: Member, connected = new Set(this.network.connectedPeers())): PeerView {
    return { ...member, self: member.key === this.memberKey, connected: connected.has(member.key) }
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
    void this.network.membershipChanged().catch(err => { this.logger.warn({ err: (err as Error).message }, 'dialling direct recipients failed') })
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

