/** What a member is: an ordinary firm, or a public authority (national CERT, police). */
export type Role = 'member' | 'authority'

/** Suspended members receive nothing and may not connect. */
export type MemberStatus = 'active' | 'suspended'

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
}

/** Jurisdiction group name (e.g. `EU`) -> ISO 3166-1 alpha-2 codes. */
export type JurisdictionGroups = ReadonlyMap<string, ReadonlySet<string>>
