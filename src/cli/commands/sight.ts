import { flag, optInteger, optString, parse, positional } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { UsageError } from '../errors.js'
import { printJson } from '../io.js'
import type { Command } from '../command.js'
import type { SightRequest, SightResult } from '../../node/types.js'

const USAGE = `usage: intelmesh sight ID --count N [--indicator STIX-ID] [--seen-at TIME] [--first-seen TIME] [--last-seen TIME]
                     [--share-with-recipients]

Reports a sighting of an indicator of received bundle ID to its origin: a STIX sighting
(count, first/last seen, this node's identity) in a new bundle sealed to the origin only,
at TLP:AMBER+STRICT (or the bundle's TLP if stricter).
  --count N                  how many times it was seen (1 to 999999999)
  --indicator ID             the sighted indicator (needed when the bundle holds several)
  --seen-at TIME             ISO 8601 time of the sighting (first and last seen); default now
  --first-seen, --last-seen  a time range instead
  --share-with-recipients    also send it to the bundle's other recipients its policy admits
${COMMON_USAGE}`

/** `intelmesh sight`. */
export const sightCommand: Command = {
  name: 'sight',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, {
      count: { type: 'string' },
      indicator: { type: 'string' },
      'seen-at': { type: 'string' },
      'first-seen': { type: 'string' },
      'last-seen': { type: 'string' },
      'share-with-recipients': { type: 'boolean' }
    }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const id = positional(parsed, 0)
    const count = optInteger(parsed, 'count')
    if (count == null) throw new UsageError('--count is required')
    const request: SightRequest = { count }
    const indicator = optString(parsed, 'indicator')
    if (indicator != null) request.indicator = indicator
    const seenAt = optString(parsed, 'seen-at')
    if (seenAt != null) request.seenAt = seenAt
    const firstSeen = optString(parsed, 'first-seen')
    if (firstSeen != null) request.firstSeen = firstSeen
    const lastSeen = optString(parsed, 'last-seen')
    if (lastSeen != null) request.lastSeen = lastSeen
    if (flag(parsed, 'share-with-recipients')) request.share = 'recipients'
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const result = await client.post<SightResult>(`/v1/bundles/${encodeURIComponent(id)}/sightings`, request)
    if (parsed.json) printJson(io, result)
    else io.out(`sighting ${result.sighting} of ${result.indicator}\nbundle ${result.id}\nto ${result.recipients.map(r => r.name).join(', ')}`)
    return 0
  }
}
