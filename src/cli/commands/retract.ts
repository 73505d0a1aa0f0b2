import { optString, parse, positional } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import type { Command } from '../command.js'

const USAGE = `usage: intelmesh retract ID [--reason TEXT]

Retracts a bundle this node published: a signed retraction goes to all its recipients.
${COMMON_USAGE}`

/** `intelmesh retract`. */
export const retractCommand: Command = {
  name: 'retract',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { reason: { type: 'string' } }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const id = positional(parsed, 0)
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const reason = optString(parsed, 'reason')
    const result = await client.post<{ id: string, retracted: string }>(`/v1/bundles/${encodeURIComponent(id)}/retract`, reason == null ? {} : { reason })
    if (parsed.json) printJson(io, result)
    else io.out(`retracted ${result.retracted}\nretraction ${result.id}`)
    return 0
  }
}
