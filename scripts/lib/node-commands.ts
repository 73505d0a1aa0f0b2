// The commands a chaos run sends to one node, whether the node runs in its
// own process (node-process.ts) or in the test's process (node-handle.ts).
import { createLogger } from '../../src/node/logger.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import type { MemberStatus } from '../../src/directory/types.js'
import type { PeerInput } from '../../src/node/types.js'

/** What the run learns about a bundle a node holds (no content). */
export interface Holding {
  id: string
  origin: string
  kind: string
  recipients: string[]
  policy: unknown
}

/** A command handler: JSON-able arguments in, JSON-able result out. */
export type NodeCommand = (args: Record<string, unknown>) => Promise<unknown>

const silent = createLogger({ level: 'silent' })

/** One node and the commands that drive it. */
export class NodeCommands {
  node: IntelmeshNode | undefined

  private running (): IntelmeshNode {
    if (this.node == null) throw new Error('the node is not running')
    return this.node
  }

  private async start (dataDir: string): Promise<{ key: string, addresses: string[] }> {
    const node = await IntelmeshNode.create({ dataDir, env: {}, logger: silent })
    await node.start()
    this.node = node
    return { key: node.memberKey, addresses: node.listenAddresses() }
  }

  /** The handlers by command name. */
  readonly handlers: Record<string, NodeCommand> = {
    init: async args => {
      await initDataDir(args.dataDir as string, {
        name: args.name as string,
        jurisdiction: args.jurisdiction as string,
        roles: args.roles as never,
        groups: args.groups as string[],
        listen: [`/ip4/127.0.0.1/tcp/${args.port as number}`],
        api: { host: '127.0.0.1', port: 0 }
      })
      return await this.start(args.dataDir as string)
    },
    start: async args => await this.start(args.dataDir as string),
    addPeers: async args => {
      for (const peer of args.peers as PeerInput[]) await this.running().addPeer(peer)
    },
    setStatus: async args => {
      await this.running().updatePeer(args.key as string, { status: args.status as MemberStatus })
    },
    publish: async args => {
      const result = await this.running().publish({ stix: args.stix, policy: args.policy })
      return { id: result.id, recipients: result.recipients.map(r => r.key) }
    },
    holdings: async () => {
      const out: Holding[] = []
      let after: number | undefined
      for (;;) {
        const page = await this.running().listBundles({ after, limit: 1000 })
        out.push(...page.items.map(b => ({ id: b.id, origin: b.origin, kind: b.kind, recipients: b.recipients, policy: b.policy })))
        if (page.next == null) return out
        after = page.next
      }
    },
    status: async () => {
      const status = await this.running().status()
      return { stored: status.bundles.stored, connected: status.peers.connected, gaps: status.gaps, rejects: status.rejects }
    },
    caughtUp: async args => await this.running().caughtUp(args.timeoutMs as number),
    verifyAudit: async () => await this.running().verifyAudit(),
    stop: async () => {
      const node = this.node
      this.node = undefined
      await node?.stop()
    }
  }

  /** Runs one command. */
  async run (cmd: string, args: Record<string, unknown>): Promise<unknown> {
    const handler = this.handlers[cmd]
    if (handler == null) throw new Error(`unknown command ${cmd}`)
    return await handler(args)
  }
}
