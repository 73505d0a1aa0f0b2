import { Readable } from 'node:stream'
import { BACKUP_GZIP_DEFAULT } from '../../backup/constants.js'
import { backupStream, saveBackupFile } from '../../backup/index.js'
import { dataFolderPaths } from '../../config/data-folder.js'
import { loadIdentity } from '../../crypto/index.js'
import { NODE_VERSION } from '../../node/constants.js'
import { Store } from '../../store/store.js'
import { StoreLockedError } from '../../store/errors.js'
import { parse, reqString } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { ApiUnreachableError } from '../errors.js'
import { printJson } from '../io.js'
import { fields } from '../table.js'
import type { Command } from '../command.js'
import type { ParsedBackup } from '../../backup/index.js'

const USAGE = `usage: intelmesh backup --out FILE [--no-gzip]

Writes a consistent backup of the node's store (bundles, log, indexes,
checkpoints, counters, directory, audit log) to FILE. A running node is asked
through its API and keeps running; a stopped node's store is read directly.
The file is verified (checksum and framing) before it gets its name. The
identity key, the API token and config.json are NOT in it: back them up
separately (docs/backup.md).
  --out FILE   the backup file to create (never overwritten)
  --no-gzip    do not compress (larger, slightly faster)
${COMMON_USAGE}`

/** `intelmesh backup`. */
export const backupCommand: Command = {
  name: 'backup',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { out: { type: 'string' }, 'no-gzip': { type: 'boolean' } }, { min: 0, max: 0 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const out = reqString(parsed, 'out')
    const gzip = parsed.values['no-gzip'] === true ? false : BACKUP_GZIP_DEFAULT
    const started = Date.now()
    let via: 'api' | 'store'
    let saved: ParsedBackup & { bytes: number }
    try {
      const client = await ApiClient.fromDataDir(parsed.dataDir)
      const response = await client.postStream('/v1/admin/backup', { gzip })
      saved = await saveBackupFile(Readable.fromWeb(response.body as never), out)
      via = 'api'
    } catch (err) {
      if (!(err instanceof ApiUnreachableError)) throw err
      saved = await backupStoppedNode(parsed.dataDir, out, gzip)
      via = 'store'
    }
    const summary = {
      file: out,
      bytes: saved.bytes,
      compressed: saved.compressed,
      via,
      ms: Date.now() - started,
      created: new Date(saved.header.created).toISOString(),
      memberKey: saved.header.memberKey,
      logId: saved.header.logId,
      ...saved.header.counts,
      records: saved.footer.records
    }
    if (parsed.json) { printJson(io, summary); return 0 }
    io.out(fields([
      ['file', `${out} (${summary.bytes} bytes${summary.compressed ? ', gzip' : ''}, verified)`],
      ['taken', `${summary.created} from the ${via === 'api' ? 'running node' : 'stopped node\'s store'} in ${summary.ms} ms`],
      ['bundles', `${summary.bundles} (log head ${summary.logHead}, audit head ${summary.auditHead})`],
      ['records', String(summary.records)]
    ]))
    return 0
  }
}

/** The node's API is not answering: read its store directly, which works only if no process holds it. */
async function backupStoppedNode (dataDir: string, out: string, gzip: boolean): Promise<ParsedBackup & { bytes: number }> {
  const identity = await loadIdentity(dataDir)
  let store: Store
  try {
    store = await Store.open(dataFolderPaths(dataDir).db)
  } catch (err) {
    if (err instanceof StoreLockedError) {
      throw new StoreLockedError(`the node's API does not answer but its store is in use by another process: check the node (a running node is backed up through its API)`, { cause: err })
    }
    throw err
  }
  try {
    const snapshot = await store.snapshot()
    return await saveBackupFile(backupStream(snapshot, { memberKey: identity.memberKey, nodeVersion: NODE_VERSION, created: Date.now() }, { gzip }), out)
  } finally {
    await store.close()
  }
}
