import type { CliIo } from './io.js'

/** One CLI command (or command group). */
export interface Command {
  name: string
  /** The full usage text printed by `--help` and after a usage error. */
  usage: string
  /** Runs the command; resolves to the process exit code. */
  run: (args: string[], io: CliIo) => Promise<number>
}

/** Options every command accepts, for the usage texts. */
export const COMMON_USAGE = '  --data DIR   data folder (default ./.intelmesh)\n  --json       machine-readable JSON output'
