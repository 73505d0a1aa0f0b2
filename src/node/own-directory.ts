import { Directory } from '../directory/index.js'
import type { NodeConfig } from '../config/types.js'
import type { JurisdictionGroups, Member } from '../directory/types.js'
import type { Store } from '../store/store.js'

/**
 * The node's directory: the members its admin added (restored from the
 * store, where every change is persisted and audited) and its own entry,
 * which always comes from the node's config — its view of itself.
 */
export function ownDirectory (config: NodeConfig, memberKey: string, store: Store, members: Member[], groups: JurisdictionGroups, now: number): Directory {
  const previousSelf = members.find(m => m.key === memberKey)
  return new Directory({
    persistence: {
      save: async member => { await store.directory.save(member) },
      delete: async key => { await store.directory.delete(key) }
    }
  }, {
    self: {
      key: memberKey,
      name: config.name,
      jurisdiction: config.jurisdiction,
      roles: config.roles,
      groups: config.groups,
      addresses: [],
      status: 'active',
      added: previousSelf?.added ?? now,
      updated: now
    },
    members,
    groups
  })
}
