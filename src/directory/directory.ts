import { DuplicateMemberError, FinalMemberStatusError, MemberNotActiveError, SelfMemberError, UnknownMemberError } from './errors.js'
import { validateMember, validateMemberInput, validateMemberPatch } from './member.js'
import type { DirectoryChange, DirectoryPersistence, DirectoryView, JurisdictionGroups, Member, MemberPatch } from './types.js'

/** Re-exported for callers that import the directory module directly. */
export type { DirectoryChange, DirectoryPersistence, DirectoryView } from './types.js'

/** Collaborators of a Directory. */
export interface DirectoryComponents {
  /** Durable storage; without it the directory lives in memory only (tests, tools). */
  persistence?: DirectoryPersistence
}

/** Settings of a Directory. */
export interface DirectoryInit {
  /** This node's own entry; it can be updated but never removed or suspended. */
  self: Member
  /** Entries restored from storage. An entry with the self key is dropped: `self` wins. */
  members?: Member[]
  /** Jurisdiction groups, to explain a group given as a member's jurisdiction (default: none). */
  groups?: JurisdictionGroups
}

/** Events a Directory emits. */
export interface DirectoryEvents {
  /** Any entry was added, updated or removed (emitted after it was persisted). */
  change: CustomEvent<DirectoryChange>
}

type Listener<E> = ((evt: E) => void) | { handleEvent: (evt: E) => void }
// @types/node keeps these DOM types module-private: take them from EventTarget itself.
type AnyListener = Parameters<EventTarget['addEventListener']>[1]
type AddOptions = Parameters<EventTarget['addEventListener']>[2]
type RemoveOptions = Parameters<EventTarget['removeEventListener']>[2]

/**
 * The node's own list of members, kept by its admin. No node trusts another node's directory.
 * Mutations run one at a time, persist first and emit `change` after, so that a listener (the
 * network closing a suspended peer's connections) never sees a state the disk does not hold.
 */
export class Directory extends EventTarget implements DirectoryView {
  readonly #persistence: DirectoryPersistence | undefined
  readonly #groups: JurisdictionGroups | undefined
  readonly #members = new Map<string, Member>()
  readonly #selfKey: string
  #sorted: readonly Member[] | undefined
  #tail: Promise<unknown> = Promise.resolve()

  constructor (components: DirectoryComponents, init: DirectoryInit) {
    super()
    this.#persistence = components.persistence
    this.#groups = init.groups
    const self = validateMember(init.self, this.#groups)
    if (self.status !== 'active') {
      throw new SelfMemberError('suspend')
    }
    this.#selfKey = self.key
    this.#members.set(self.key, freeze(self))
    const seen = new Set<string>()
    for (const entry of init.members ?? []) {
      const member = validateMember(entry, this.#groups)
      if (seen.has(member.key)) {
        throw new DuplicateMemberError(member.key)
      }
      seen.add(member.key)
      if (member.key !== this.#selfKey) {
        this.#members.set(member.key, freeze(member))
      }
    }
  }

  /** This node's own entry. */
  get self (): Member {
    return this.#require(this.#selfKey)
  }

  /** The entry with this key, if any. */
  get (key: string): Member | undefined {
    return this.#members.get(key)
  }

  /** True when an entry with this key exists (whatever its status). */
  has (key: string): boolean {
    return this.#members.has(key)
  }

  /** Every entry, self included, sorted by key. */
  list (): readonly Member[] {
    this.#sorted ??= Object.freeze([...this.#members.values()].sort((a, b) => compare(a.key, b.key)))
    return this.#sorted
  }

  /** Active entries, sorted by key. */
  active (): readonly Member[] {
    return this.list().filter(m => m.status === 'active')
  }

  /** Adds a member from admin input; throws InvalidMemberError or DuplicateMemberError. */
  async add (input: unknown, now: number): Promise<Member> {
    return this.#serial(async () => {
      const member = validateMemberInput(input, now, this.#groups)
      if (this.#members.has(member.key)) {
        throw new DuplicateMemberError(member.key)
      }
      return this.#commit('added', member)
    })
  }

  /**
   * Adds several members from admin input in one go (an admin entering a
   * federation's list). All are validated first: one invalid or duplicate
   * entry and nothing is added. They are persisted one by one and only then
   * emitted, one `added` event each, back to back: a listener sees the whole
   * batch in the directory from the first event on, so what it derives from
   * the directory (the network's dials, a bounded mesh's ring) is computed
   * for the final directory, not for every intermediate one. A failed write
   * adds (and emits) only the entries persisted before it, then throws.
   */
  async addMany (inputs: readonly unknown[], now: number): Promise<Member[]> {
    return this.#serial(async () => {
      const members = inputs.map(input => freeze(validateMemberInput(input, now, this.#groups)))
      const keys = new Set<string>()
      for (const member of members) {
        if (this.#members.has(member.key) || keys.has(member.key)) {
          throw new DuplicateMemberError(member.key)
        }
        keys.add(member.key)
      }
      const saved: Member[] = []
      try {
        for (const member of members) {
          await this.#persistence?.save(member)
          saved.push(member)
        }
      } finally {
        for (const member of saved) this.#members.set(member.key, member)
        if (saved.length > 0) this.#sorted = undefined
        for (const member of saved) this.#emit('added', member)
      }
      return members
    })
  }

  /** Changes the editable fields of an entry; unchanged values are a no-op without event. */
  async update (key: string, patch: MemberPatch, now: number): Promise<Member> {
    return this.#serial(async () => {
      const existing = this.#require(key)
      const fields = validateMemberPatch(patch)
      if (existing.status === 'retired' || existing.status === 'compromised') {
        throw new FinalMemberStatusError(key, existing.status)
      }
      if (key === this.#selfKey && fields.status === 'suspended') {
        throw new SelfMemberError('suspend')
      }
      const { added, updated, ...current } = existing
      const next = validateMemberInput({ ...current, ...fields }, now, this.#groups)
      if (sameFields(existing, next)) {
        return existing
      }
      return this.#commit('updated', { ...next, added })
    })
  }

  /** Suspends a member: it receives nothing and may not connect. The self entry cannot be suspended. */
  async suspend (key: string, now: number): Promise<Member> {
    if (key === this.#selfKey) {
      throw new SelfMemberError('suspend')
    }
    return this.update(key, { status: 'suspended' }, now)
  }

  /** Re-activates a suspended member. */
  async activate (key: string, now: number): Promise<Member> {
    return this.update(key, { status: 'active' }, now)
  }

  /**
   * An accepted key rotation: `successor` is added with the old entry's name, jurisdiction,
   * roles and groups (addresses naming the old key are rewritten to the new one), then the old
   * entry becomes `retired`. The successor is saved first, so a crash in between leaves both
   * keys known rather than the member lost. Throws MemberNotActiveError, DuplicateMemberError.
   */
  async retire (key: string, successor: string, retiredAt: number, now: number): Promise<{ retired: Member, successor: Member }> {
    return this.#serial(async () => {
      if (key === this.#selfKey) {
        throw new SelfMemberError('retire')
      }
      const existing = this.#require(key)
      if (existing.status !== 'active') {
        throw new MemberNotActiveError(key, existing.status)
      }
      if (this.#members.has(successor)) {
        throw new DuplicateMemberError(successor)
      }
      const addresses = existing.addresses.map(a => a.replace(`/p2p/${key}`, `/p2p/${successor}`))
      const next = validateMemberInput({ key: successor, name: existing.name, jurisdiction: existing.jurisdiction, roles: existing.roles, groups: existing.groups, addresses }, now, this.#groups)
      const added = await this.#commit('added', next)
      const retired = await this.#commit('updated', validateMember({ ...existing, status: 'retired', successor, retiredAt, updated: now }, this.#groups))
      return { retired, successor: added }
    })
  }

  /** Marks a key compromised (from any status; again is a no-op). The self entry cannot be marked: rotate instead. */
  async compromise (key: string, now: number): Promise<Member> {
    return this.#serial(async () => {
      if (key === this.#selfKey) {
        throw new SelfMemberError('mark compromised')
      }
      const existing = this.#require(key)
      if (existing.status === 'compromised') {
        return existing
      }
      return this.#commit('updated', validateMember({ ...existing, status: 'compromised', compromisedAt: now, updated: now }, this.#groups))
    })
  }

  /** Removes a member; throws UnknownMemberError, or SelfMemberError for the self entry. */
  async remove (key: string): Promise<Member> {
    return this.#serial(async () => {
      if (key === this.#selfKey) {
        throw new SelfMemberError('remove')
      }
      const existing = this.#require(key)
      await this.#persistence?.delete(key)
      this.#members.delete(key)
      this.#sorted = undefined
      this.#emit('removed', existing)
      return existing
    })
  }

  /** Typed listener registration for DirectoryEvents. */
  override addEventListener<K extends keyof DirectoryEvents> (type: K, listener: Listener<DirectoryEvents[K]>, options?: AddOptions): void
  override addEventListener (type: string, listener: AnyListener, options?: AddOptions): void
  override addEventListener (type: string, listener: AnyListener, options?: AddOptions): void {
    super.addEventListener(type, listener, options)
  }

  /** Typed listener removal for DirectoryEvents. */
  override removeEventListener<K extends keyof DirectoryEvents> (type: K, listener: Listener<DirectoryEvents[K]>, options?: RemoveOptions): void
  override removeEventListener (type: string, listener: AnyListener, options?: RemoveOptions): void
  override removeEventListener (type: string, listener: AnyListener, options?: RemoveOptions): void {
    super.removeEventListener(type, listener, options)
  }

  async #commit (kind: 'added' | 'updated', member: Member): Promise<Member> {
    const frozen = freeze(member)
    await this.#persistence?.save(frozen)
    this.#members.set(frozen.key, frozen)
    this.#sorted = undefined
    this.#emit(kind, frozen)
    return frozen
  }

  #emit (kind: DirectoryChange['kind'], member: Member): void {
    this.dispatchEvent(new CustomEvent<DirectoryChange>('change', { detail: { kind, member } }))
  }

  #require (key: string): Member {
    const member = this.#members.get(key)
    if (member == null) {
      throw new UnknownMemberError(key)
    }
    return member
  }

  // One mutation at a time: two concurrent adds of one key must not both pass the duplicate check.
  async #serial<T> (fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn)
    this.#tail = result.catch(() => {})
    return result
  }
}

function freeze (member: Member): Member {
  for (const list of [member.roles, member.groups, member.addresses]) {
    Object.freeze(list)
  }
  return Object.freeze(member)
}

function sameFields (a: Member, b: Member): boolean {
  return a.key === b.key && a.name === b.name && a.jurisdiction === b.jurisdiction && a.status === b.status &&
    sameList(a.roles, b.roles) && sameList(a.groups, b.groups) && sameList(a.addresses, b.addresses)
}

function sameList (a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function compare (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
