import { IntelmeshError } from '../errors.js'
import { exposureReport } from './exposure.js'
import { NoPendingRotationError, RotationRestartPendingError } from './errors.js'
import { RotationExchange } from './rotation-exchange.js'
import { newIdentity, replaceOwnIdentity } from './self-rotation.js'
import { checkRotation, parseRotationStatement, statementToWire } from './statement.js'
import type { ExposureReport } from './exposure.js'
import type { ExchangeNetwork } from './rotation-exchange.js'
import type { RotationBook, RotationEntry } from './rotation-book.js'
import type { Keyring } from './keyring.js'
import type { RotationStatement, StatementWire } from './statement.js'
import type { Directory } from '../directory/directory.js'
import type { Member } from '../directory/types.js'
import type { Store } from '../store/store.js'
import type { Logger } from 'pino'

/** Collaborators of the key lifecycle. */
export interface KeyLifecycleComponents {
  dataDir: string
  directory: Directory
  store: Store
  keyring: Keyring
  book: RotationBook
  network: ExchangeNetwork & EventTarget & { connectedPeers: () => string[] }
  logger: Logger
  now: () => number
  /** The node's event target: `rotation` events (CustomEvent<RotationView>) go there. */
  events: EventTarget
  /** Resolves once every publication queued so far is sealed (its creation time is fixed). */
  publisherIdle: () => Promise<void>
  /** A peer sent a forged or malformed statement: audited, counted and a strike (default: audited only). */
  rejected?: (peer: string, code: string, reason: string) => Promise<void>
}

// A peer pushes what it knows on every connection: a statement refused once is not re-examined
// (and re-audited) each time. Bounded, so a hostile peer cannot grow it without limit.
const REFUSED_MEMORY = 1024
// Forged or malformed statements are a peer's fault; the others are routine gossip about keys
// this node judges differently (e.g. one its admin suspended).
const STRIKE_CODES = new Set(['KEYS_BAD_SIGNATURE', 'KEYS_MALFORMED_STATEMENT'])

/** Settings of the key lifecycle. */
export interface KeyLifecycleInit {
  /** Accept a valid rotation signed by an active key without the admin (default false). */
  autoAccept?: boolean
}

/** A rotation as the API shows it. */
export interface RotationView {
  oldKey: string
  newKey: string
  issued: number
  reason: string
  id: string
  status: RotationEntry['status']
  receivedAt: number
  from: string
  decidedAt?: number
  decidedBy?: 'admin' | 'policy'
  /** The old key's directory name, when known. */
  name?: string
}

/** What rotating this node's own key did. */
export interface SelfRotation {
  oldKey: string
  newKey: string
  issued: number
  statement: StatementWire
  /** Connected peers the statement was pushed to. */
  announcedTo: string[]
  /** The node must restart under the new key (`intelmesh start` does so by itself). */
  restartRequired: true
}

/**
 * The key lifecycle of docs/key-lifecycle.md: this node's own rotation, its peers' rotation
 * statements (verified, pending, accepted or rejected, passed on to other members) and the
 * marking of a key as compromised. Every decision is audited.
 */
export class KeyLifecycle {
  private readonly components: KeyLifecycleComponents
  private readonly autoAccept: boolean
  private readonly exchange: RotationExchange
  private rotatedTo: string | undefined
  private readonly refused = new Set<string>()
  private serial: Promise<unknown> = Promise.resolve()

  constructor (components: KeyLifecycleComponents, init: KeyLifecycleInit = {}) {
    this.components = components
    this.autoAccept = init.autoAccept ?? false
    this.exchange = new RotationExchange({ network: components.network, logger: components.logger, onStatements: async (from, list) => { await this.received(from, list) } })
  }

  /** Registers the protocol; every new connection then hears the statements we know. */
  async start (): Promise<void> {
    await this.exchange.start()
    this.components.network.addEventListener('peer:connected', this.onConnected)
  }

  /** Stops pushing on new connections. */
  stop (): void {
    this.components.network.removeEventListener('peer:connected', this.onConnected)
  }

  /** Throws RotationRestartPendingError once this node rotated and waits for its restart. */
  assertCurrentKey (): void {
    if (this.rotatedTo != null) throw new RotationRestartPendingError(this.rotatedTo)
  }

  /**
   * Rotates this node's key: no publication is sealed by the old key after the issue time; the
   * old private key goes to the keyring (0600) before the new identity replaces identity.key;
   * the statement is pushed to every connected peer; then the node must restart.
   */
  async rotateSelf (reason = ''): Promise<SelfRotation> {
    return this.serialised(async () => {
      this.assertCurrentKey()
      const { keyring, store, now, logger } = this.components
      const current = keyring.current.identity
      const next = newIdentity()
      this.rotatedTo = next.memberKey
      let statement
      try {
        statement = await replaceOwnIdentity(this.components, next, reason)
      } catch (err) {
        // identity.key is replaced by an atomic rename, the last step: a failure left the old key in force.
        this.rotatedTo = undefined
        throw err
      }
      await store.audit.append({ type: 'directory', at: now(), peer: current.memberKey, reason: 'this node rotated its key', detail: { action: 'rotate-self', oldKey: current.memberKey, newKey: next.memberKey, issued: statement.issued, statement: statement.id } })
      const wire = statementToWire(statement)
      const pushed = await Promise.all(this.components.network.connectedPeers().map(async peer => await this.exchange.push(peer, [wire]) ? peer : undefined))
      const announcedTo = pushed.filter((p): p is string => p != null)
      logger.warn({ oldKey: current.memberKey, newKey: next.memberKey, announcedTo: announcedTo.length }, 'own key rotated; restarting under the new key')
      return { oldKey: current.memberKey, newKey: next.memberKey, issued: statement.issued, statement: wire, announcedTo, restartRequired: true }
    })
  }

  /** A statement given by the admin (out of band): handled like one a peer passed on. */
  async submit (wire: unknown): Promise<RotationView> {
    const statement = parseRotationStatement(wire)
    await this.serialised(async () => { await this.consider(statement, 'admin') })
    return this.view(this.components.book.get(statement.oldKey) as RotationEntry)
  }

  /** Every rotation this node knows, newest first. */
  list (): RotationView[] {
    return this.components.book.list().map(e => this.view(e))
  }

  /** Accepts the pending rotation of `oldKey`; re-checked against the directory as it is now. */
  async accept (oldKey: string, by: 'admin' | 'policy' = 'admin'): Promise<RotationView> {
    return this.serialised(async () => await this.acceptNow(oldKey, by))
  }

  /** Rejects the pending rotation of `oldKey`: the old key stays as it is. */
  async reject (oldKey: string): Promise<RotationView> {
    return this.serialised(async () => {
      const { book, store, now } = this.components
      const entry = book.get(oldKey)
      if (entry?.status !== 'pending') throw new NoPendingRotationError(oldKey)
      const decided: RotationEntry = { ...entry, status: 'rejected', decidedAt: now(), decidedBy: 'admin' }
      await book.put(decided)
      await store.audit.append({ type: 'directory', at: now(), peer: oldKey, reason: 'rotation rejected by the admin', detail: { action: 'reject-rotation', newKey: entry.statement.newKey, statement: entry.statement.id } })
      return this.view(decided)
    })
  }

  /**
   * Marks a peer's key compromised: its connections close at once (the directory change reaches
   * the network), it is refused as peer, origin, relay and recipient, a pending rotation of it
   * is rejected (the thief could have signed it), and the audit log records it.
   */
  async compromise (key: string): Promise<Member> {
    return this.serialised(async () => {
      const { directory, book, store, now } = this.components
      const member = await directory.compromise(key, now())
      await store.audit.append({ type: 'directory', at: now(), peer: key, reason: 'key marked compromised by the admin', detail: { action: 'compromise' } })
      const pending = book.get(key)
      if (pending?.status === 'pending') await book.put({ ...pending, status: 'rejected', decidedAt: now(), decidedBy: 'admin' })
      return member
    })
  }

  /** What `key` was sent by this node or can read (docs/key-lifecycle.md, exposure report). */
  async exposure (key: string): Promise<ExposureReport> {
    return exposureReport(this.components.store, key)
  }

  private async received (from: string, list: unknown[]): Promise<void> {
    await this.serialised(async () => {
      for (const wire of list) {
        const memo = typeof wire === 'object' && wire !== null ? String((wire as { body?: unknown }).body) : String(wire)
        if (this.refused.has(memo)) continue
        try {
          await this.consider(parseRotationStatement(wire), from)
        } catch (err) {
          if (!(err instanceof IntelmeshError)) throw err
          this.remember(memo)
          // A statement about a key we do not know is routine gossip among members.
          if (err.code === 'KEYS_UNKNOWN_KEY') continue
          const { rejected, logger, store, now } = this.components
          if (STRIKE_CODES.has(err.code) && rejected != null) {
            await rejected(from, err.code, err.message)
            continue
          }
          logger.warn({ peer: from, code: err.code, err: err.message }, 'rotation statement refused')
          await store.audit.append({ type: 'reject', at: now(), peer: from, code: err.code, reason: err.message })
        }
      }
    })
  }

  private async consider (statement: RotationStatement, from: string): Promise<void> {
    const { book, directory, store, now, events } = this.components
    // Our own keys: we know our rotations better than anyone (a foreign one would need our key).
    if (this.components.keyring.holds(statement.oldKey)) return
    const known = book.get(statement.oldKey)
    if (known?.statement.id === statement.id) {
      if (from === 'admin' && known.status === 'rejected') await book.put({ ...known, status: 'pending', decidedAt: undefined, decidedBy: undefined })
      return
    }
    const old = directory.get(statement.oldKey)
    if (old?.status === 'retired' && old.successor === statement.newKey) return
    checkRotation(statement, directory, now(), known?.statement)
    const entry: RotationEntry = { statement, status: 'pending', receivedAt: now(), from }
    await book.put(entry)
    await store.audit.append({ type: 'directory', at: now(), peer: statement.oldKey, reason: 'rotation statement received', detail: { action: 'rotation-received', from, newKey: statement.newKey, issued: statement.issued, statement: statement.id } })
    events.dispatchEvent(new CustomEvent('rotation', { detail: this.view(entry) }))
    if (this.autoAccept) await this.acceptNow(statement.oldKey, 'policy')
  }

  private async acceptNow (oldKey: string, by: 'admin' | 'policy'): Promise<RotationView> {
    const { book, directory, store, now, events, network } = this.components
    const entry = book.get(oldKey)
    if (entry?.status !== 'pending') throw new NoPendingRotationError(oldKey)
    const { statement } = entry
    checkRotation(statement, directory, now())
    await directory.retire(statement.oldKey, statement.newKey, statement.issued, now())
    // Bundles of the new key may arrive before this: the merge keeps what they marked.
    await store.inheritSequences(statement.oldKey, statement.newKey)
    const decided: RotationEntry = { ...entry, status: 'accepted', decidedAt: now(), decidedBy: by }
    await book.put(decided)
    await store.audit.append({ type: 'directory', at: now(), peer: oldKey, reason: by === 'policy' ? 'rotation accepted by node policy (signed by an active key)' : 'rotation accepted by the admin', detail: { action: 'accept-rotation', newKey: statement.newKey, issued: statement.issued, statement: statement.id, by } })
    events.dispatchEvent(new CustomEvent('rotation', { detail: this.view(decided) }))
    // Pass it on: a member that missed the announcement hears of it from us.
    const wire = statementToWire(statement)
    for (const peer of network.connectedPeers()) void this.exchange.push(peer, [wire])
    return this.view(decided)
  }

  private readonly onConnected = (event: Event): void => {
    const peer = (event as CustomEvent<{ peer: string }>).detail.peer
    const known = [
      ...this.components.keyring.retired().map(r => r.statement),
      ...this.components.book.list().filter(e => e.status !== 'rejected').map(e => e.statement)
    ]
    void this.exchange.push(peer, known.map(statementToWire))
  }

  private remember (memo: string): void {
    if (this.refused.size >= REFUSED_MEMORY) this.refused.delete(this.refused.values().next().value as string)
    this.refused.add(memo)
  }

  private view (entry: RotationEntry): RotationView {
    const { statement } = entry
    return {
      oldKey: statement.oldKey,
      newKey: statement.newKey,
      issued: statement.issued,
      reason: statement.reason,
      id: statement.id,
      status: entry.status,
      receivedAt: entry.receivedAt,
      from: entry.from,
      decidedAt: entry.decidedAt,
      decidedBy: entry.decidedBy,
      name: this.components.directory.get(statement.oldKey)?.name
    }
  }

  private async serialised<T> (job: () => Promise<T>): Promise<T> {
    const run = this.serial.then(job)
    this.serial = run.catch(() => {})
    return await run
  }
}
