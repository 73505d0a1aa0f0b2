/** What a member is: an ordinary firm, or a public authority (national CERT, police). */
export type Role = 'member' | 'authority'

/**
 * Suspended members receive nothing and may not connect. A `retired` key was replaced by its
 * `successor` through an accepted key rotation; a `compromised` key was marked so by the admin.
 * Neither can be set through an ordinary edit (docs/key-lifecycle.md).
 */
export type MemberStatus = 'active' | 'suspended' | 'retired' | 'compromised'

/** One entry of a node's own member directory, kept by its admin. */
export interface Member {
  /** Member key: the libp2p Ed25519 PeerId string (`12D3KooW…`). */
  key: string
  /** Human name of the organisation. */
  name: string
  /** ISO 3166-1 alpha-2 code, upper case. */
  jurisdiction: string
  /** Non-empty; `authority` marks a public authority. */
  roles: Role[]
  /** Sharing groups the member belongs to. */
  groups: string[]
  /** Known multiaddrs (may be empty: then the private DHT finds it). */
  addresses: string[]
  /** Status. */
  status: MemberStatus
  /** When the admin added it (ms since epoch). */
  added: number
  /** When the admin last changed it (ms since epoch). */
  updated: number
  /** For a `retired` key: the key that replaced it (the same member's new identity). */
  successor?: string
  /** For a `retired` key: the rotation's issue time; bundles it created later are refused. */
  retiredAt?: number
  /** For a `compromised` key: when the admin marked it. */
  compromisedAt?: number
}

/** Jurisdiction group name (e.g. `EU`) -> ISO 3166-1 alpha-2 codes. */
export type JurisdictionGroups = ReadonlyMap<string, ReadonlySet<string>>

/** What an admin supplies to add a member; `added`/`updated` are set by the directory. */
export interface MemberInput {
  key: string
  name: string
  jurisdiction: string
  /** Default `['member']`. */
  roles?: Role[]
  /** Default none. */
  groups?: string[]
  /** Default none. */
  addresses?: string[]
  /** Default `active`; only `active` or `suspended` can be given. */
  status?: MemberStatus
}

/** The fields an admin may change on an existing entry (the key never changes). */
export type MemberPatch = Partial<Omit<MemberInput, 'key'>>

/** The statuses an admin may set with an ordinary add or edit. */
export type EditableStatus = 'active' | 'suspended'

/** Read-only view of a directory: what the pure policy functions take. */
export interface DirectoryView {
  /** This node's own entry. */
  readonly self: Member
  /** The entry with this key, if any. */
  get (key: string): Member | undefined
  /** Every entry (self included), sorted by key. */
  list (): readonly Member[]
}

/** Where the directory keeps its entries; wired to the store by the composition root. */
export interface DirectoryPersistence {
  /** Durably writes (inserts or replaces) an entry. */
  save (member: Member): Promise<void>
  /** Durably deletes the entry with this key. */
  delete (key: string): Promise<void>
}

/** Payload of the directory's `change` event. */
export interface DirectoryChange {
  kind: 'added' | 'updated' | 'removed'
  /** The entry after the change (for `removed`: the entry as it was). */
  member: Member
}
