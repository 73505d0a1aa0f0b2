import { readFile } from 'node:fs/promises'
import { flag, list, optString, parse, positional, reqString } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { parseDuration } from '../duration.js'
import { UsageError } from '../errors.js'
import { printJson } from '../io.js'
import { table } from '../table.js'
import { TLP_LEVELS } from '../../policy/types.js'
import type { Command } from '../command.js'
import type { PublishResult } from '../../node/types.js'
import type { Tlp } from '../../policy/types.js'

const USAGE = `usage: intelmesh publish FILE --tlp LEVEL [--allow CODE|GROUP]... [--deny CODE|GROUP]... [--group NAME]...
                         [--to KEY]... [--authorities] [--personal-data] [--expires DURATION]

Publishes the STIX 2.1 bundle in FILE ("-" reads standard input) under a distribution policy and
prints its id, its recipients and the members left out, with the reason for each.
  --tlp LEVEL        CLEAR, GREEN, AMBER, AMBER+STRICT or RED
  --allow X          jurisdiction code (DK) or group (EU) that may receive it; repeatable
  --deny X           jurisdiction code or group that may never receive it; repeatable
  --group NAME       sharing group restriction; repeatable
  --to KEY           named recipient (required for AMBER+STRICT and RED); repeatable
  --authorities      public authorities may receive it
  --personal-data    holds personal data: EEA and GDPR-adequate jurisdictions only
  --expires D        expire after a duration: 30d, 12h, 90m
${COMMON_USAGE}`

/** Accepts `amber+strict`, `AMBER_STRICT`, `amber-strict` for AMBER+STRICT. */
export function parseTlp (text: string): Tlp {
  const level = text.toUpperCase().replace(/[_-]/g, '+')
  if (!(TLP_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--tlp must be one of ${TLP_LEVELS.join(', ')}, got "${text}"`)
  return level as Tlp
}

async function readInput (file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The distribution flags of `publish`, shared by every command that publishes (`import-misp`). */
export const POLICY_OPTIONS = {
  tlp: { type: 'string' },
  allow: { type: 'string', multiple: true },
  deny: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
  to: { type: 'string', multiple: true },
  authorities: { type: 'boolean' },
  'personal-data': { type: 'boolean' },
  expires: { type: 'string' }
} as const

/** Who a publication went to and who was left out, with reasons, as printed after a publish. */
export function distributionLines (result: Pick<PublishResult, 'recipients' | 'excluded'>): string[] {
  const lines = [`recipients (${result.recipients.length}):`]
  if (result.recipients.length > 0) lines.push(indent(table(['NAME', 'KEY'], result.recipients.map(r => [r.name, r.key]))))
  lines.push('', `excluded (${result.excluded.length}):`)
  if (result.excluded.length > 0) lines.push(indent(table(['NAME', 'KEY', 'REASON'], result.excluded.map(e => [e.name, e.key, e.reason]))))
  return lines
}

/** `intelmesh publish`. */
export const publishCommand: Command = {
  name: 'publish',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, POLICY_OPTIONS, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const policy = {
      tlp: parseTlp(reqString(parsed, 'tlp')),
      allow: list(parsed, 'allow'),
      deny: list(parsed, 'deny'),
      groups: list(parsed, 'group'),
      members: list(parsed, 'to'),
      authorities: flag(parsed, 'authorities'),
      personalData: flag(parsed, 'personal-data')
    }
    const expiresIn = optString(parsed, 'expires')
    const body: Record<string, unknown> = { stix: await readInput(positional(parsed, 0)), policy }
    if (expiresIn != null) body.expires = Date.now() + parseDuration(expiresIn)
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const result = await client.post<PublishResult>('/v1/bundles', body)
    if (parsed.json) {
      printJson(io, result)
      return 0
    }
    io.out([`published ${result.id}`, '', ...distributionLines(result)].join('\n'))
    return 0
  }
}

/** Indents every line by two spaces (tables under a heading). */
export function indent (text: string): string {
  return text.split('\n').map(l => `  ${l}`).join('\n')
}
