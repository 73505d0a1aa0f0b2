import { IntelmeshError } from '../errors.js'
import { ApiRequestError, UsageError } from './errors.js'
import { PROCESS_IO } from './io.js'
import type { Command } from './command.js'
import type { CliIo } from './io.js'

/** A command, loaded only when run: `status` need not load libp2p, which only `start` uses. */
interface CommandEntry { name: string, summary: string, load: () => Promise<Command> }

const COMMANDS: CommandEntry[] = [
  { name: 'init', summary: 'create a node: identity, config and API token', load: async () => (await import('./commands/init.js')).initCommand },
  { name: 'id', summary: "print this node's member key and addresses", load: async () => (await import('./commands/id.js')).idCommand },
  { name: 'start', summary: 'run the node and its API in the foreground', load: async () => (await import('./commands/start.js')).startCommand },
  { name: 'peers', summary: 'add, list, suspend, activate and remove directory members', load: async () => (await import('./commands/peers.js')).peersCommand },
  { name: 'publish', summary: 'publish a STIX bundle under a distribution policy', load: async () => (await import('./commands/publish.js')).publishCommand },
  { name: 'import-misp', summary: 'publish a MISP event as STIX, under the policy its TLP tags ask for', load: async () => (await import('./commands/import-misp.js')).importMispCommand },
  { name: 'export-misp', summary: 'print a stored bundle as a MISP event', load: async () => (await import('./commands/export-misp.js')).exportMispCommand },
  { name: 'search', summary: 'find intelligence holding an indicator value', load: async () => (await import('./commands/search.js')).searchCommand },
  { name: 'show', summary: 'show a stored bundle (metadata, objects, STIX)', load: async () => (await import('./commands/show.js')).showCommand },
  { name: 'sight', summary: "report a sighting of a received bundle's indicator to its origin", load: async () => (await import('./commands/sight.js')).sightCommand },
  { name: 'retract', summary: 'retract a bundle this node published', load: async () => (await import('./commands/retract.js')).retractCommand },
  { name: 'status', summary: "show the running node's state", load: async () => (await import('./commands/status.js')).statusCommand },
  { name: 'audit', summary: 'print (and verify) the audit log', load: async () => (await import('./commands/audit.js')).auditCommand },
  { name: 'keys', summary: "rotate this node's own key", load: async () => (await import('./commands/keys.js')).keysCommand },
  { name: 'backup', summary: 'write a consistent backup of the store (the node keeps running)', load: async () => (await import('./commands/backup.js')).backupCommand },
  { name: 'restore', summary: 'restore a stopped node from its backup', load: async () => (await import('./commands/restore.js')).restoreCommand }
]

/** Exit codes: success, an operational failure, a wrong command line. */
export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

function overview (): string {
  const width = Math.max(...COMMANDS.map(c => c.name.length))
  return ['usage: intelmesh COMMAND [options]   (intelmesh COMMAND --help for details)', '',
    ...COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`), '',
    'Every command takes --data DIR (default ./.intelmesh) and --json.'].join('\n')
}

/** Runs the CLI on `argv` (without node and script); resolves to the exit code. */
export async function runCli (argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [name, ...rest] = argv
  if (name == null) { io.err(overview()); return EXIT_USAGE }
  if (name === 'help' || name === '--help' || name === '-h') { io.out(overview()); return EXIT_OK }
  const entry = COMMANDS.find(c => c.name === name)
  if (entry == null) {
    io.err(`intelmesh: unknown command "${name}"\n\n${overview()}`)
    return EXIT_USAGE
  }
  const command = await entry.load()
  try {
    return await command.run(rest, io)
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`intelmesh ${name}: ${err.message}\n\n${command.usage}`)
      return EXIT_USAGE
    }
    if (err instanceof ApiRequestError) {
      io.err(`intelmesh ${name}: ${err.message} [${err.code}${err.field == null ? '' : ` at ${err.field}`}]`)
    } else if (err instanceof IntelmeshError) {
      io.err(`intelmesh ${name}: ${err.message} [${err.code}]`)
    } else {
      io.err(`intelmesh ${name}: ${(err as Error).message ?? String(err)}`)
    }
    return EXIT_FAILURE
  }
}
