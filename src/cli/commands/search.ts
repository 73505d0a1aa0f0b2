import { optInteger, parse, positional } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import { table, time } from '../table.js'
import type { Command } from '../command.js'
import type { SearchHit } from '../../node/types.js'

const USAGE = `usage: intelmesh search VALUE [--limit N]

Finds the stored STIX objects holding an observable value: IP address, domain, URL, e-mail address or file hash.
${COMMON_USAGE}`

/** `intelmesh search`. */
export const searchCommand: Command = {
  name: 'search',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { limit: { type: 'string' } }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const { hits } = await client.get<{ hits: SearchHit[] }>('/v1/search', { value: positional(parsed, 0), limit: optInteger(parsed, 'limit') })
    if (parsed.json) {
      printJson(io, hits)
    } else if (hits.length === 0) {
      io.out('no match')
    } else {
      io.out(table(['OBJECT', 'KIND', 'BUNDLE', 'ORIGIN', 'TLP', 'RECEIVED'],
        hits.map(h => [h.objectId, h.kind, h.bundleId, h.bundle.originName ?? h.bundle.origin, h.bundle.tlp, time(h.bundle.receivedAt)])))
    }
    return 0
  }
}
