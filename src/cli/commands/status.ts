import { parse } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import { fields } from '../table.js'
import type { Command } from '../command.js'
import type { NodeStatus } from '../../node/types.js'

const USAGE = `usage: intelmesh status

Shows the running node's identity, peers, store, gaps and rejected messages.
${COMMON_USAGE}`

/** `intelmesh status`. */
export const statusCommand: Command = {
  name: 'status',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, {}, { min: 0, max: 0 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const s = await client.get<NodeStatus>('/v1/status')
    if (parsed.json) { printJson(io, s); return 0 }
    const gaps = s.gaps.reduce((n, g) => n + g.missing.length, 0)
    const rejects = Object.entries(s.rejects).map(([code, n]) => `${code}=${n}`).join(' ')
    io.out(fields([
      ['member key', s.memberKey],
      ['name', `${s.name} (${s.jurisdiction}, ${s.roles.join(', ')})`],
      ['version', s.version],
      ['uptime', `${Math.round(s.uptimeMs / 1000)} s`],
      ['listen', s.listen.join(' ') || '-'],
      ['peers', `${s.peers.connected} connected / ${s.peers.active} active / ${s.peers.directory} in directory`],
      ['bundles', `${s.bundles.stored} stored, ${s.bundles.retracted} retracted, ${s.bundles.tombstones} tombstones`],
      ['log', `${s.logId} head ${s.logHead}`],
      ['gaps', gaps === 0 ? 'none' : `${gaps} missing from ${s.gaps.length} origin(s)`],
      ['rejects', rejects === '' ? 'none' : rejects]
    ]))
    return 0
  }
}
