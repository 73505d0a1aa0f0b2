import { writeFile } from 'node:fs/promises'
import { optString, parse, positional } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import { unmappedLines } from './import-misp.js'
import type { Command } from '../command.js'
import type { UnmappedType } from '../../misp/index.js'

const USAGE = `usage: intelmesh export-misp ID [--out FILE]

Prints the stored bundle ID as a MISP event (MISP core format, {"Event": {...}}), ready for MISP's
event import; STIX objects with no MISP equivalent are listed on standard error. The event is
written with distribution 0 ("Your organisation only"): MISP must not widen the bundle's audience.
  --out FILE   write the event to FILE (mode 0600) instead of standard output
  --json       print {"Event": ..., "unmapped": [...]} on standard output
${COMMON_USAGE}`

/** `intelmesh export-misp`. */
export const exportMispCommand: Command = {
  name: 'export-misp',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { out: { type: 'string' } }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const result = await client.get<{ Event: Record<string, unknown>, unmapped: UnmappedType[] }>(`/v1/bundles/${encodeURIComponent(positional(parsed, 0))}/misp`)
    if (parsed.json) { printJson(io, result); return 0 }
    const text = JSON.stringify({ Event: result.Event }, null, 2)
    const out = optString(parsed, 'out')
    // Decrypted intel: the file is the operator's alone, like the node's own secrets.
    if (out !== undefined) await writeFile(out, `${text}\n`, { mode: 0o600 })
    else io.out(text)
    const lines = unmappedLines(result.unmapped, 'STIX objects not exported')
    if (lines.length > 0) io.err(lines.slice(1).join('\n'))
    return 0
  }
}
