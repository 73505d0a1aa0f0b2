import { list, parse, positional, reqString } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { UsageError } from '../errors.js'
import { printJson } from '../io.js'
import { table } from '../table.js'
import { PEER_KEY_ACTIONS, PEER_KEY_USAGE, runPeerKeyAction } from './peer-keys.js'
import type { Command } from '../command.js'
import type { CliIo } from '../io.js'
import type { PeerInput, PeerView } from '../../node/types.js'

const USAGE = `usage: intelmesh peers add KEY --name NAME --jurisdiction CC [--role member|authority]... [--group G]... [--addr MULTIADDR]...
       intelmesh peers list
       intelmesh peers suspend KEY
       intelmesh peers activate KEY
       intelmesh peers remove KEY
${PEER_KEY_USAGE}

Manages the running node's directory of members (through its API).
${COMMON_USAGE}`

function printPeers (io: CliIo, peers: PeerView[]): void {
  io.out(table(['KEY', 'NAME', 'JURISDICTION', 'ROLES', 'GROUPS', 'STATUS', 'CONNECTED'],
    peers.map(p => [p.key, p.self ? `${p.name} (this node)` : p.name, p.jurisdiction, p.roles.join(','), p.groups.join(',') || '-', p.status, p.self ? '-' : p.connected ? 'yes' : 'no'])))
}

/** `intelmesh peers add|list|suspend|activate|remove`. */
export const peersCommand: Command = {
  name: 'peers',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, {
      name: { type: 'string' },
      jurisdiction: { type: 'string' },
      role: { type: 'string', multiple: true },
      group: { type: 'string', multiple: true },
      addr: { type: 'string', multiple: true }
    }, { min: 1, max: 2 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const action = positional(parsed, 0)
    const needsKey = action !== 'list' && action !== 'rotations'
    if (needsKey && parsed.positionals.length !== 2) throw new UsageError(`peers ${action} needs a member key`)
    if (!needsKey && parsed.positionals.length !== 1) throw new UsageError(`peers ${action} takes no argument`)
    const key = positional(parsed, 1)
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const path = `/v1/peers/${encodeURIComponent(key)}`
    if (PEER_KEY_ACTIONS.includes(action)) return await runPeerKeyAction(action, key, parsed, client, io)
    let peer: PeerView
    switch (action) {
      case 'list': {
        const { peers } = await client.get<{ peers: PeerView[] }>('/v1/peers')
        if (parsed.json) printJson(io, peers)
        else printPeers(io, peers)
        return 0
      }
      case 'add': {
        const input: PeerInput = { key, name: reqString(parsed, 'name'), jurisdiction: reqString(parsed, 'jurisdiction').toUpperCase() }
        const roles = list(parsed, 'role')
        if (roles.length > 0) input.roles = roles as PeerInput['roles']
        if (list(parsed, 'group').length > 0) input.groups = list(parsed, 'group')
        if (list(parsed, 'addr').length > 0) input.addresses = list(parsed, 'addr')
        peer = await client.post<PeerView>('/v1/peers', input)
        break
      }
      case 'suspend':
      case 'activate':
        peer = await client.patch<PeerView>(path, { status: action === 'suspend' ? 'suspended' : 'active' })
        break
      case 'remove':
        await client.delete(path)
        if (parsed.json) printJson(io, { key, removed: true })
        else io.out(`removed ${key}`)
        return 0
      default:
        throw new UsageError(`unknown peers action "${action}" (add, list, suspend, activate, remove)`)
    }
    if (parsed.json) printJson(io, peer)
    else io.out(`${action === 'add' ? 'added' : action === 'suspend' ? 'suspended' : 'activated'} ${peer.name} (${peer.jurisdiction}) ${peer.key}`)
    return 0
  }
}
