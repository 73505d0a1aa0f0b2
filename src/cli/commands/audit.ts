import { flag, optInteger, parse } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import { table, time } from '../table.js'
import type { Command } from '../command.js'

const USAGE = `usage: intelmesh audit [--after SEQ] [--limit N] [--verify]

Prints the node's hash-chained audit log; --verify also checks the whole chain
(exit code 1 when it is broken).
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
    const parsed = parse(args, { after: { type: 'string' }, limit: { type: 'string' }, verify: { type: 'boolean' } }, { min: 0, max: 0 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const client = await ApiClient.fromDataDir(parsed.dataDir)
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
