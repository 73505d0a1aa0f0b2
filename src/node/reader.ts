import { decodeEnvelope, decryptEnvelope } from '../envelope/index.js'
import { eligible } from '../policy/index.js'
import { normalizeObservable } from '../stix/index.js'
import { Keyring } from '../keys/keyring.js'
import { BundleNotFoundError, InvalidSearchValueError } from './errors.js'
import type { KeyWrapper, NodeIdentity } from '../crypto/index.js'
import type { DirectoryView, JurisdictionGroups } from '../directory/types.js'
import type { EnvelopeLimits } from '../envelope/index.js'
import type { Store } from '../store/store.js'
import type { BundleRecord } from '../store/types.js'
import type { BundleView, BundleWithContent, Explanation, ListQuery, Page, SearchHit } from './types.js'

const DEFAULT_PAGE = 100
const MAX_PAGE = 1000

/** Collaborators of the reader. */
export interface ReaderComponents {
  identity: NodeIdentity
  wrapper: KeyWrapper
  directory: DirectoryView
  store: Store
  groups: () => JurisdictionGroups
  /** Every key this node holds; default: `identity` alone. */
  keyring?: Keyring
}

/**
 * Read paths of the API. Bundles are stored as the envelopes that arrived
 * (encrypted at rest); reading one opens it with this node's key.
 */
export class Reader {
  private readonly components: ReaderComponents
  private readonly limits: EnvelopeLimits
  private readonly keyring: Keyring

  constructor (components: ReaderComponents, init: { limits: EnvelopeLimits }) {
    this.components = components
    this.limits = init.limits
    this.keyring = components.keyring ?? new Keyring({ identity: components.identity, wrapper: components.wrapper })
  }

  /** The API view of a stored record. */
  view (record: BundleRecord): BundleView {
    const origin = this.components.directory.get(record.origin)
    return {
      id: record.id,
      origin: record.origin,
      originName: origin?.name,
      kind: record.kind,
      ref: record.ref,
      created: record.created,
      expires: record.expires,
      receivedAt: record.receivedAt,
      from: record.from,
      tlp: record.tlp,
      policy: record.policy,
      recipients: record.recipients,
      types: record.types,
      objects: record.objects,
      pos: record.pos,
      size: record.size
    }
  }

  /** A stored record, or BundleNotFoundError. */
  async record (id: string): Promise<BundleRecord> {
    const record = await this.components.store.getRecord(id)
    if (record == null) throw new BundleNotFoundError(id)
    return record
  }

  /** A stored bundle with its decrypted STIX content. */
  async getBundle (id: string): Promise<BundleWithContent> {
    const { store } = this.components
    const record = await this.record(id)
    const bytes = await store.getEnvelope(id)
    if (bytes == null) throw new BundleNotFoundError(id)
    // Sealed to our current key or to a retired one: the keyring picks the listed one.
    const { identity, wrapper } = this.keyring.pick(record.recipients) ?? this.keyring.current
    const content = decryptEnvelope(decodeEnvelope(bytes, this.limits), identity, wrapper, this.limits)
    const parsed: unknown = JSON.parse(new TextDecoder().decode(content))
    return record.kind === 'INTEL'
      ? { ...this.view(record), stix: parsed as BundleWithContent['stix'] }
      : { ...this.view(record), retraction: { reason: String((parsed as { reason?: unknown }).reason ?? '') } }
  }

  /** A page of stored bundles in log order. */
  async listBundles (query: ListQuery): Promise<Page<BundleView>> {
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_PAGE, 1), MAX_PAGE)
    const items: BundleView[] = []
    let since = query.after ?? 0
    for (;;) {
      const page = await this.components.store.list({
        since,
        limit,
        origin: query.origin,
        type: query.type,
        kind: query.kind,
        createdAfter: query.createdAfter,
        createdBefore: query.createdBefore
      })
      for (const record of page.records) {
        since = record.pos
        if (query.receivedAfter != null && record.receivedAt <= query.receivedAfter) continue
        items.push(this.view(record))
        if (items.length === limit) return { items, next: record.pos }
      }
      if (page.next == null) return { items }
      since = page.next
    }
  }

  /** Objects holding an indicator value (any kind this node indexes), newest bundles last. */
  async search (value: string, limit = DEFAULT_PAGE): Promise<SearchHit[]> {
    const observable = normalizeObservable(value)
    if (observable == null) throw new InvalidSearchValueError(value)
    const hits = await this.components.store.findByValue(observable.value, { limit: Math.min(limit, MAX_PAGE) })
    const results: SearchHit[] = []
    const opened = new Map<string, BundleWithContent>()
    for (const hit of hits) {
      let bundle = opened.get(hit.id)
      if (bundle == null) {
        try {
          bundle = await this.getBundle(hit.id)
        } catch (err) {
          if (err instanceof BundleNotFoundError) continue // retracted between the index read and now
          throw err
        }
        opened.set(hit.id, bundle)
      }
      const { stix, ...view } = bundle
      results.push({ value: observable.value, kind: observable.kind, bundleId: hit.id, objectId: hit.objectId, object: stix?.objects.find(o => o.id === hit.objectId), bundle: view })
    }
    return results
  }

  /** For every directory member: is it listed, is it eligible now, and why. */
  async explain (id: string): Promise<Explanation[]> {
    const { directory, groups } = this.components
    const record = await this.record(id)
    return directory.list().map(member => {
      const listed = record.recipients.includes(member.key)
      const verdict = eligible(record.policy, member, { origin: record.origin, groups: groups() })
      const reason = listed
        ? verdict.reason
        : verdict.ok
          ? 'excluded: not listed in the signed header (the origin did not address it, e.g. it was not in the origin\'s directory then)'
          : verdict.reason
      return { key: member.key, name: member.name, jurisdiction: member.jurisdiction, roles: member.roles, listed, ok: listed && verdict.ok, reason }
    })
  }
}
