/** The jurisdiction data file shipped in `config/`, used when no path is given. */
export const DEFAULT_JURISDICTIONS_FILE = new URL('../../config/jurisdictions.json', import.meta.url)

/** Longest member name accepted (characters). */
export const MAX_MEMBER_NAME_LENGTH = 200

/** Most multiaddrs one directory entry may carry. */
export const MAX_MEMBER_ADDRESSES = 32

/** Most sharing groups one member may belong to. */
export const MAX_MEMBER_GROUPS = 64

/** Longest jurisdiction or sharing group name (characters). */
export const MAX_GROUP_NAME_LENGTH = 64
