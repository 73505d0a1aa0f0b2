import type { NodeConfig } from '../config/types.js'
import type { Member } from '../directory/types.js'
import type { RetiredIdentity } from './keyring-file.js'

/**
 * This node's retired keys as directory entries: `retired`, each naming its successor, so that
 * bundles it created or received under an old key stay valid here (origin, listed recipient)
 * and nothing new is ever sealed to them. They replace any stored entry of the same key.
 */
export function withRetiredSelf (members: Member[], retired: readonly RetiredIdentity[], config: NodeConfig, now: number): Member[] {
  const own = new Map(retired.map(({ identity, statement }) => [identity.memberKey, {
    key: identity.memberKey,
    name: config.name,
    jurisdiction: config.jurisdiction,
    roles: config.roles,
    groups: config.groups,
    addresses: [],
    status: 'retired',
    successor: statement.newKey,
    retiredAt: statement.issued,
    added: members.find(m => m.key === identity.memberKey)?.added ?? statement.issued,
    updated: now
  } satisfies Member]))
  return [...members.filter(m => !own.has(m.key)), ...own.values()]
}
