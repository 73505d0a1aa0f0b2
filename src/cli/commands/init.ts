import { dataFolderPaths } from '../../config/data-folder.js'
import { initDataDir } from '../../node/init-data-dir.js'
import { list, optString, parse, reqString } from '../args.js'
import { COMMON_USAGE } from '../command.js'
import { UsageError } from '../errors.js'
import { printJson } from '../io.js'
import type { Command } from '../command.js'
import type { Role } from '../../directory/types.js'
import type { InitOptions } from '../../node/init-data-dir.js'

const USAGE = `usage: intelmesh init --name NAME --jurisdiction CC [--role member|authority]... [--group G]...
                      [--listen MULTIADDR]... [--api HOST:PORT] [--data DIR] [--json]

Creates the node's identity key, config file and API token (all mode 0600) and prints its member key.
${COMMON_USAGE}`

/** Parses `HOST:PORT` (`[::1]:8750` for IPv6). */
export function parseHostPort (text: string): { host: string, port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text)
  const port = Number(m?.[2])
  if (m == null || port > 65535) throw new UsageError(`--api must be HOST:PORT (e.g. 127.0.0.1:8750), got "${text}"`)
  return { host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port }
}

/** `intelmesh init`. */
export const initCommand: Command = {
  name: 'init',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, {
      name: { type: 'string' },
      jurisdiction: { type: 'string' },
      role: { type: 'string', multiple: true },
      group: { type: 'string', multiple: true },
      listen: { type: 'string', multiple: true },
      api: { type: 'string' }
    }, { min: 0, max: 0 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const roles = list(parsed, 'role')
    for (const role of roles) {
      if (role !== 'member' && role !== 'authority') throw new UsageError(`--role must be member or authority, got "${role}"`)
    }
    const options: InitOptions = { name: reqString(parsed, 'name'), jurisdiction: reqString(parsed, 'jurisdiction').toUpperCase() }
    if (roles.length > 0) options.roles = roles as Role[]
    if (list(parsed, 'group').length > 0) options.groups = list(parsed, 'group')
    if (list(parsed, 'listen').length > 0) options.listen = list(parsed, 'listen')
    const api = optString(parsed, 'api')
    if (api != null) options.api = parseHostPort(api)
    const { memberKey } = await initDataDir(parsed.dataDir, options)
    const paths = dataFolderPaths(parsed.dataDir)
    if (parsed.json) {
      printJson(io, { memberKey, dataDir: parsed.dataDir, config: paths.config, tokenFile: paths.token })
    } else {
      io.out(`initialised ${parsed.dataDir}\nmember key: ${memberKey}\n\nGive the member key to the admins of your peers; the API token is in ${paths.token}.\nStart the node with: intelmesh start --data ${parsed.dataDir}`)
    }
    return 0
  }
}
