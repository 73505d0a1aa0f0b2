import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { resolve } from 'node:path'

/** The real binary, as an operator runs it. */
export const BIN = resolve(process.cwd(), 'bin/intelmesh.js')

/** What one CLI run printed, and its exit code. */
export interface Run { code: number, stdout: string, stderr: string }

/** A runner of the real binary with the Node that runs the tests (Node 24), each run bounded by `timeoutMs`. */
export function cliRunner (timeoutMs: number): (...args: string[]) => Promise<Run> {
  return async (...args) => new Promise(resolve => {
    execFile(process.execPath, [BIN, ...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err == null ? 0 : typeof err.code === 'number' ? err.code : 1
      resolve({ code, stdout, stderr })
    })
  })
}

/** A TCP port free on 127.0.0.1 at the time of asking (for a node's API or libp2p listener). */
export async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address != null ? address.port : 0) })
    })
  })
}
