import { readFile } from 'node:fs/promises'
import { flag, list, optString, parse, positional } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { parseDuration } from '../duration.js'
import { printJson } from '../io.js'
import { table } from '../table.js'
import { distributionLines, indent, parseTlp, POLICY_OPTIONS } from './publish.js'
import type { Command } from '../command.js'
import type { PolicyInput, PolicyOverrides, UnmappedType } from '../../misp/index.js'
import type { PublishResult } from '../../node/types.js'

const USAGE = `usage: intelmesh import-misp EVENT.json [--tlp LEVEL] [--allow CODE|GROUP]... [--deny CODE|GROUP]...
                             [--group NAME]... [--to KEY]... [--authorities] [--personal-data]
                             [--expires DURATION] [--strict] [--ignore-distribution]

Converts the MISP event in EVENT.json (MISP core format, {"Event": {...}}; "-" reads standard input)
to a STIX 2.1 bundle and publishes it. The TLP comes from the event's strictest tlp: tag (event and
attribute tags); every flag below replaces the derived value. Attribute types without a STIX mapping
are carried unchanged (x-misp-attribute) and listed; --strict refuses the event instead.
  --tlp LEVEL             CLEAR, GREEN, AMBER, AMBER+STRICT or RED (at least as strict as the tags)
  --allow X / --deny X    jurisdiction code (DK) or group (EU); repeatable
  --group NAME            sharing group restriction; repeatable
  --to KEY, --member KEY  named recipient (required for AMBER+STRICT and RED); repeatable
  --authorities           public authorities may receive it
  --personal-data         holds personal data: EEA and GDPR-adequate jurisdictions only
  --expires D             expire after a duration: 30d, 12h, 90m
  --strict                refuse the event if anything has no STIX mapping
  --ignore-distribution   import an event whose MISP distribution is 0 ("Your organisation only")
${COMMON_USAGE}`

/** What `POST /v1/misp/events` answers. */
export interface MispImportResult extends PublishResult {
  bundle: string
  policy: PolicyInput
  tlpFrom: string
  unmapped: UnmappedType[]
  counts: { attributes: number, objects: number, galaxyClusters: number, stixObjects: number }
}

async function readInput (file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function overrides (parsed: ReturnType<typeof parse>): PolicyOverrides {
  const out: PolicyOverrides = {}
  const tlp = optString(parsed, 'tlp')
  if (tlp !== undefined) out.tlp = parseTlp(tlp)
  const lists = { allow: list(parsed, 'allow'), deny: list(parsed, 'deny'), groups: list(parsed, 'group'), members: [...list(parsed, 'to'), ...list(parsed, 'member')] }
  for (const [key, value] of Object.entries(lists) as Array<[keyof typeof lists, string[]]>) if (value.length > 0) out[key] = value
  if (flag(parsed, 'authorities')) out.authorities = true
  if (flag(parsed, 'personal-data')) out.personalData = true
  return out
}

/** The unmapped list as the CLI prints it. */
export function unmappedLines (unmapped: UnmappedType[], heading: string): string[] {
  if (unmapped.length === 0) return []
  return ['', `${heading} (${unmapped.reduce((n, u) => n + u.count, 0)}):`,
    indent(table(['TYPE', 'COUNT', 'IDS'], unmapped.map(u => [u.type, String(u.count), u.uuids.slice(0, 3).join(' ') + (u.uuids.length > 3 ? ' …' : '')])))]
}

/** `intelmesh import-misp`. */
export const importMispCommand: Command = {
  name: 'import-misp',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, {
      ...POLICY_OPTIONS,
      member: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      'ignore-distribution': { type: 'boolean' }
    }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const policy = overrides(parsed)
    const expiresIn = optString(parsed, 'expires')
    const body: Record<string, unknown> = { event: await readInput(positional(parsed, 0)) }
    if (Object.keys(policy).length > 0) body.policy = policy
    if (expiresIn != null) body.expires = Date.now() + parseDuration(expiresIn)
    if (flag(parsed, 'strict')) body.strict = true
    if (flag(parsed, 'ignore-distribution')) body.ignoreDistribution = true
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const result = await client.post<MispImportResult>('/v1/misp/events', body)
    if (parsed.json) { printJson(io, result); return 0 }
    const c = result.counts
    const lines = [
      `published ${result.id}`,
      `stix bundle: ${result.bundle} (${c.stixObjects} objects from ${c.attributes} attributes, ${c.objects} objects, ${c.galaxyClusters} galaxy clusters)`,
      `policy: TLP:${result.policy.tlp} (${result.tlpFrom === 'override' ? 'as given' : `from ${result.tlpFrom}`})`,
      '', ...distributionLines(result)
    ]
    lines.push(...unmappedLines(result.unmapped, 'not mapped to STIX, carried unchanged'))
    io.out(lines.join('\n'))
    return 0
  }
}

