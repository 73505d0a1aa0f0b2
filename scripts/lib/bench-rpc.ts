// Request/response over the IPC channel of a child process: the benchmark
// drives every node process with commands and awaits their answers.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ChildProcess } from 'node:child_process'

interface Request { rpc: number, cmd: string, args: unknown }
interface Response { rpc: number, ok: boolean, result?: unknown, error?: string }

/** Handlers of a child: command name -> async function of its arguments. */
export type Handlers = Record<string, (args: never) => Promise<unknown>>

/** Child side: answers every request with its handler's result (or error). */
export function serve (handlers: Handlers): void {
  process.on('message', (message: Request) => {
    const handler = handlers[message.cmd]
    const run = handler == null ? Promise.reject(new Error(`unknown command ${message.cmd}`)) : handler(message.args as never)
    run.then(
      result => { process.send?.({ rpc: message.rpc, ok: true, result } satisfies Response) },
      (err: Error) => { process.send?.({ rpc: message.rpc, ok: false, error: err.stack ?? err.message } satisfies Response) }
    )
  })
}

/** Parent side: one child process and its pending requests. */
export class ChildRpc {
  readonly child: ChildProcess
  private next = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>()

  constructor (child: ChildProcess) {
    this.child = child
    child.on('message', (message: Response) => {
      const waiter = this.pending.get(message.rpc)
      if (waiter == null) return
      this.pending.delete(message.rpc)
      if (message.ok) waiter.resolve(message.result)
      else waiter.reject(new Error(message.error))
    })
    child.on('exit', code => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`child exited (${code}) with a request pending`))
      this.pending.clear()
    })
  }

  /** Sends `cmd` and resolves with the child's result. */
  async call<T = unknown> (cmd: string, args: unknown = {}): Promise<T> {
    const rpc = this.next++
    return await new Promise<T>((resolve, reject) => {
      if (!this.child.connected) {
        reject(new Error(`child process gone, cannot send ${cmd}`))
        return
      }
      this.pending.set(rpc, { resolve: resolve as (v: unknown) => void, reject })
      this.child.send({ rpc, cmd, args } satisfies Request, err => {
        if (err == null) return
        this.pending.delete(rpc)
        reject(err)
      })
    })
  }

  /** Waits for the child to exit (killing it after `graceMs`). */
  async exited (graceMs = 10_000): Promise<void> {
    if (this.child.exitCode != null || this.child.signalCode != null) return
    await new Promise<void>(resolve => {
      const timer = setTimeout(() => { this.child.kill('SIGKILL') }, graceMs)
      this.child.once('exit', () => { clearTimeout(timer); resolve() })
    })
  }
}

/**
 * Starts `script` (a .ts file next to this one) in its own Node 24 process
 * with the tsx loader and an IPC channel. `execArgv` adds flags such as
 * `--cpu-prof`. stderr is passed through so a crash is visible.
 */
export function spawnChild (script: string, execArgv: string[] = []): ChildRpc {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const child = fork(path, [], {
    execPath: process.execPath,
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced'
  })
  return new ChildRpc(child)
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function nowMs (): number {
  return performance.timeOrigin + performance.now()
}
