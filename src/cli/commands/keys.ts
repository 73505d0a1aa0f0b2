import { optString, parse, positional } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { UsageError } from '../errors.js'
import { printJson } from '../io.js'
import type { Command } from '../command.js'
import type { SelfRotation } from '../../keys/key-lifecycle.js'

const USAGE = `usage: intelmesh keys rotate [--reason TEXT]

Rotates this node's own member key (docs/key-lifecycle.md). The running node makes a new
identity, keeps the old private key in DATA/keyring.json (mode 0600) so that bundles sealed
to it stay readable, pushes a statement signed by the old and the new key to every connected
peer, and restarts itself under the new key. Peers' admins accept the rotation
(intelmesh peers accept-rotation OLD_KEY), or their nodes do so by policy.
Give the printed statement to the admins of peers that were offline.
Rotate urgently if this node's key may have leaked (--reason "compromised").
${COMMON_USAGE}`

/** `intelmesh keys rotate`. */
export const keysCommand: Command = {
  name: 'keys',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { reason: { type: 'string' } }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const action = positional(parsed, 0)
    if (action !== 'rotate') throw new UsageError(`unknown keys action "${action}" (rotate)`)
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const reason = optString(parsed, 'reason')
    const rotation = await client.post<SelfRotation>('/v1/keys/rotate', reason == null ? {} : { reason })
    if (parsed.json) {
      printJson(io, rotation)
      return 0
    }
    io.out(`rotated ${rotation.oldKey} -> ${rotation.newKey}`)
    io.out(`announced to ${rotation.announcedTo.length} connected peer(s); the node restarts under the new key`)
    io.out('statement (for admins of peers that were offline: intelmesh peers submit-rotation FILE):')
    io.out(JSON.stringify(rotation.statement))
    return 0
  }
}
