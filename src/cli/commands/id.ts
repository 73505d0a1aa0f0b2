import { readNodeConfig } from '../../config/data-folder.js'
import { loadIdentity } from '../../crypto/index.js'
import { parse } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import type { Command } from '../command.js'
import type { NodeStatus } from '../../node/types.js'

const USAGE = `usage: intelmesh id [--data DIR] [--json]

Prints this node's member key and listen addresses: what a peer's admin needs to add it.
When the node is running the addresses it actually listens on are shown, else the configured ones.
${COMMON_USAGE}`

/** How long `id` waits for a running node before falling back to the config. */
const PROBE_TIMEOUT_MS = 1500

/** `intelmesh id`. */
export const idCommand: Command = {
  name: 'id',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, {}, { min: 0, max: 0 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const identity = await loadIdentity(parsed.dataDir)
    const config = await readNodeConfig(parsed.dataDir)
    let addresses = [...config.listen, ...config.announce].map(a => `${a}/p2p/${identity.memberKey}`)
    let running = false
    try {
      const client = await ApiClient.fromDataDir(parsed.dataDir)
      addresses = (await client.get<NodeStatus>('/v1/status', {}, { timeoutMs: PROBE_TIMEOUT_MS })).listen
      running = true
    } catch {
      // Not running (or not reachable): the configured addresses are the best answer.
    }
    if (parsed.json) {
      printJson(io, { memberKey: identity.memberKey, name: config.name, jurisdiction: config.jurisdiction, roles: config.roles, addresses, running })
    } else {
      io.out(`member key:   ${identity.memberKey}\nname:         ${config.name} (${config.jurisdiction}, ${config.roles.join(', ')})\naddresses${running ? '' : ' (configured; node not running)'}:\n${addresses.map(a => `  ${a}`).join('\n')}`)
    }
    return 0
  }
}
