import { stageAudit } from './bundle-ops.js'
import { checkName } from './validate.js'
import type { Member } from '../directory/types.js'
import type { StoreCore } from './core.js'

/** Persistence of the node's own member directory; every change is audited in the same batch. */
export class DirectoryStore {
  private readonly core: StoreCore

  constructor (components: { core: StoreCore }) {
    this.core = components.core
  }

  /** Every saved member, ordered by key. */
  async list (): Promise<Member[]> {
    const out: Member[] = []
    for await (const member of this.core.read().dir.values()) out.push(member)
    return out
  }

  /** One member, or undefined. */
  async get (key: string): Promise<Member | undefined> {
    return await this.core.read().dir.get(key)
  }

  /** Adds or replaces a member. */
  async save (member: Member): Promise<void> {
    checkName(member?.key, 'member.key')
    await this.core.write(async (txn) => {
      const before = await txn.get('dir', member.key)
      txn.put('dir', member.key, member)
      stageAudit(txn, {
        type: 'directory',
        at: this.core.now(),
        peer: member.key,
        detail: { action: before === undefined ? 'add' : 'update', status: member.status }
      })
    })
  }

  /** Removes a member; false (and nothing written) when it was not there. */
  async delete (key: string): Promise<boolean> {
    checkName(key, 'key')
    return await this.core.write(async (txn) => {
      if (await txn.get('dir', key) === undefined) return false
      txn.del('dir', key)
      stageAudit(txn, { type: 'directory', at: this.core.now(), peer: key, detail: { action: 'delete' } })
      return true
    })
  }
}
