/** Where a command writes: standard output for results, standard error for problems. */
export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
}

/** The process's own streams. */
export const PROCESS_IO: CliIo = {
  out: text => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`) },
  err: text => { process.stderr.write(text.endsWith('\n') ? text : `${text}\n`) }
}

/** Prints a value as indented JSON (the `--json` output of every command). */
export function printJson (io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2))
}
