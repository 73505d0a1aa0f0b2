import { restoreBackup } from '../../backup/index.js'
import { parse, positional } from '../args.js'
import { COMMON_USAGE } from '../command.js'
import { printJson } from '../io.js'
import { fields } from '../table.js'
import type { Command } from '../command.js'

const USAGE = `usage: intelmesh restore FILE [--discard-previous] [--no-hold]

Restores the store of a STOPPED node from a backup made by "intelmesh backup"
of this same node (its identity key must be in the data folder). The whole
file is verified before anything changes; the database is then rebuilt in a
new folder and swapped in. The node then catches up from its peers when it
starts: it gets a new log id, asks every member for what it published after
the backup, and holds its own publishing until it has caught up with every
active member (docs/backup.md).
  --discard-previous  delete the replaced database (default: keep it as db.before-restore-TIME)
  --no-hold           do not hold publishing after the restore (risks reusing sequence numbers)
${COMMON_USAGE}`

/** `intelmesh restore`. */
export const restoreCommand: Command = {
  name: 'restore',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { 'discard-previous': { type: 'boolean' }, 'no-hold': { type: 'boolean' } }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const file = positional(parsed, 0)
    const started = Date.now()
    const result = await restoreBackup({
      dataDir: parsed.dataDir,
      file,
      keepPrevious: parsed.values['discard-previous'] !== true,
      hold: parsed.values['no-hold'] !== true
    })
    const summary = {
      file,
      ms: Date.now() - started,
      backupCreated: new Date(result.header.created).toISOString(),
      bundles: result.header.counts.bundles,
      records: result.records,
      logId: result.logId,
      previousLogId: result.header.logId,
      previous: result.previous ?? null,
      pending: result.pending
    }
    if (parsed.json) { printJson(io, summary); return 0 }
    io.out(fields([
      ['restored', `${file}: backup of ${summary.backupCreated}, ${summary.bundles} bundles, in ${summary.ms} ms`],
      ['log', `new log id ${summary.logId} (was ${summary.previousLogId})`],
      ['previous db', summary.previous ?? 'deleted'],
      ['catch-up', summary.pending.length === 0 ? 'no hold' : `publishing held until caught up with ${summary.pending.length} member(s)`]
    ]))
    return 0
  }
}
