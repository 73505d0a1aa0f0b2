import { flag, optInteger, optString, parse } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import { table, time } from '../table.js'
import type { Command } from '../command.js'
import type { ApiClient as Client } from '../client.js'
import type { CliIo } from '../io.js'
import type { ExposureReport } from '../../keys/exposure.js'

const USAGE = `usage: intelmesh audit [--after SEQ] [--limit N] [--verify]
       intelmesh audit --exposure KEY

Prints the node's hash-chained audit log; --verify also checks the whole chain
(exit code 1 when it is broken). --exposure KEY prints the exposure report of a key: every
bundle this node sent to it and every stored bundle sealed to it (docs/key-lifecycle.md).
${COMMON_USAGE}`

interface AuditPage {
  entries: Array<{ seq: number, at: number, type: string, peer?: string, id?: string, reason?: string, code?: string }>
  next?: number
  verify?: { ok: boolean, checked: number, brokenAt?: number, reason?: string }
}

/** `intelmesh audit`. */
export const auditCommand: Command = {
  name: 'audit',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { after: { type: 'string' }, limit: { type: 'string' }, verify: { type: 'boolean' }, exposure: { type: 'string' } }, { min: 0, max: 0 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const exposed = optString(parsed, 'exposure')
    if (exposed != null) return await printExposure(client, exposed, parsed.json, io)
    const verify = flag(parsed, 'verify')
    const page = await client.get<AuditPage>('/v1/audit', { after: optInteger(parsed, 'after'), limit: optInteger(parsed, 'limit'), verify: verify ? true : undefined })
    const broken = page.verify != null && !page.verify.ok
    if (parsed.json) {
      printJson(io, page)
      return broken ? 1 : 0
    }
    io.out(table(['SEQ', 'AT', 'TYPE', 'PEER', 'BUNDLE', 'DETAIL'],
      page.entries.map(e => [String(e.seq), time(e.at), e.type, e.peer ?? '-', e.id ?? '-', [e.code, e.reason].filter(Boolean).join(' ') || '-'])))
    if (page.next != null) io.out(`(more: --after ${page.next})`)
    if (page.verify != null) {
      const v = page.verify
      if (v.ok) io.out(`audit chain: OK (${v.checked} records checked)`)
      else io.err(`audit chain: BROKEN at record ${v.brokenAt ?? '?'} (${v.reason ?? 'unknown'}) after ${v.checked} records`)
    }
    return broken ? 1 : 0
  }
}

async function printExposure (client: Client, key: string, json: boolean, io: CliIo): Promise<number> {
  const report = await client.get<ExposureReport>(`/v1/audit/exposure/${encodeURIComponent(key)}`)
  if (json) {
    printJson(io, report)
    return 0
  }
  io.out(table(['BUNDLE', 'ORIGIN', 'TLP', 'CREATED', 'SENT', 'PATHS'],
    report.bundles.map(b => [b.id, b.origin ?? '(not stored)', b.tlp ?? '-', b.created == null ? '-' : time(b.created), b.sentAt.map(time).join(',') || '-', b.paths.join(',')])))
  io.out(`${report.totals.bundles} bundle(s): ${report.totals.sent} sent by this node, ${report.totals.listed} sealed to ${key}`)
  return 0
}
