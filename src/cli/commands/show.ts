import { flag, parse, positional } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import { fields, table, time } from '../table.js'
import type { Command } from '../command.js'
import type { BundleWithContent, Explanation } from '../../node/types.js'

const USAGE = `usage: intelmesh show ID [--stix] [--explain]

Shows a stored bundle: its metadata and objects; --stix prints only the decrypted STIX bundle,
--explain adds, for every directory member, whether it would receive the bundle and why.
${COMMON_USAGE}`

/** `intelmesh show`. */
export const showCommand: Command = {
  name: 'show',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { stix: { type: 'boolean' }, explain: { type: 'boolean' } }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const id = positional(parsed, 0)
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const bundle = await client.get<BundleWithContent>(`/v1/bundles/${encodeURIComponent(id)}`)
    const explained = flag(parsed, 'explain')
      ? (await client.get<{ members: Explanation[] }>(`/v1/bundles/${encodeURIComponent(id)}/explain`)).members
      : undefined
    if (flag(parsed, 'stix')) {
      printJson(io, bundle.stix ?? null)
      return 0
    }
    if (parsed.json) {
      printJson(io, explained == null ? bundle : { ...bundle, explain: explained })
      return 0
    }
    const p = bundle.policy
    const out = [fields([
      ['id', bundle.id],
      ['kind', bundle.ref == null ? bundle.kind : `${bundle.kind} of ${bundle.ref}`],
      ['origin', `${bundle.originName ?? ''} ${bundle.origin}`.trim()],
      ['created', time(bundle.created)],
      ['received', `${time(bundle.receivedAt)} from ${bundle.from}`],
      ['expires', time(bundle.expires)],
      ['policy', `TLP:${p.tlp} allow=[${p.allow.join(',')}] deny=[${p.deny.join(',')}] groups=[${p.groups.join(',')}] members=${p.members.length} authorities=${String(p.authorities)} personalData=${String(p.personalData)}`],
      ['recipients', String(bundle.recipients.length)],
      ['size', `${bundle.size} bytes`]
    ])]
    if (bundle.retraction != null) out.push('', `retraction reason: ${bundle.retraction.reason || '(none given)'}`)
    if (bundle.objects.length > 0) out.push('', table(['TYPE', 'ID', 'MODIFIED'], bundle.objects.map(o => [o.type, o.id, o.modified ?? '-'])))
    if (explained != null) {
      out.push('', table(['MEMBER', 'JURISDICTION', 'LISTED', 'ELIGIBLE', 'REASON'],
        explained.map(e => [e.name, e.jurisdiction, e.listed ? 'yes' : 'no', e.ok ? 'yes' : 'no', e.reason])))
    }
    io.out(out.join('\n'))
    return 0
  }
}
