import { fork } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { NodeCommands } from './node-commands.js'
import type { ChildProcess } from 'node:child_process'

const NODE_PROCESS = fileURLToPath(new URL('./node-process.ts', import.meta.url))

interface Response { rpc: number, ok: boolean, result?: unknown, error?: string }

/** A node process died (or was killed) while a command was pending. */
export class NodeProcessGoneError extends Error {
  static override name = 'NodeProcessGoneError'
}

/** A free TCP port on 127.0.0.1 (the node keeps it across restarts, so peers' addresses stay right). */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address != null ? address.port : 0) })
    })
  })
}

/** What a chaos run does to one node: start it, send it commands, kill it, start it again. */
export interface NodeHandle {
  readonly dataDir: string
  readonly port: number
  /** Makes the node reachable for commands (the node itself starts with `init` or `start`). */
  spawn: () => void
  call: <T = unknown>(cmd: string, args?: Record<string, unknown>) => Promise<T>
  /** Ends the node without its shutdown. */
  kill: () => Promise<void>
  /** A clean stop. */
  stop: () => Promise<void>
}

/**
 * A node in its own OS process: `kill` is a real SIGKILL, so nothing the node
 * had not synced survives. Commands pending when the process dies reject
 * with NodeProcessGoneError.
 */
export class ProcessNodeHandle implements NodeHandle {
  readonly dataDir: string
  readonly port: number
  private child: ChildProcess | undefined
  private next = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>()

  constructor (init: { dataDir: string, port: number }) {
    this.dataDir = init.dataDir
    this.port = init.port
  }

  /** True while a process runs. */
  get alive (): boolean {
    return this.child != null
  }

  /** Starts a process (the node itself starts with the first command: init or start). */
  spawn (): void {
    const child = fork(NODE_PROCESS, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    this.child = child
    child.on('message', (message: Response) => {
      const waiter = this.pending.get(message.rpc)
      if (waiter == null) return
      this.pending.delete(message.rpc)
      if (message.ok) waiter.resolve(message.result)
      else waiter.reject(new Error(message.error))
    })
    child.on('exit', () => {
      if (this.child === child) this.child = undefined
      for (const waiter of this.pending.values()) waiter.reject(new NodeProcessGoneError(`node process on port ${this.port} exited with a command pending`))
      this.pending.clear()
    })
  }

  /** Sends a command; resolves with the node's answer. */
  async call<T = unknown> (cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const child = this.child
    if (child == null) throw new NodeProcessGoneError(`node process on port ${this.port} is not running`)
    const rpc = this.next++
    return await new Promise<T>((resolve, reject) => {
      this.pending.set(rpc, { resolve: resolve as (v: unknown) => void, reject })
      child.send({ rpc, cmd, args })
    })
  }

  /** SIGKILL: no shutdown code runs, whatever was in flight is cut. */
  async kill (): Promise<void> {
    const child = this.child
    if (child == null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }

  /** A clean stop (final audit record, store closed), then the process exits. */
  async stop (): Promise<void> {
    const child = this.child
    if (child == null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    await this.call('stop').catch(() => {})
    child.disconnect()
    await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5_000))])
    await this.kill()
  }
}

/**
 * A node in this process (for the short in-suite run, where a process per
 * node costs seconds to load): `kill` stops it at once, without waiting for
 * the commands in flight, which then count as unacknowledged if they fail.
 */
export class InProcessNodeHandle implements NodeHandle {
  readonly dataDir: string
  readonly port: number
  private commands: NodeCommands | undefined

  constructor (init: { dataDir: string, port: number }) {
    this.dataDir = init.dataDir
    this.port = init.port
  }

  spawn (): void {
    this.commands = new NodeCommands()
  }

  async call<T = unknown> (cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const commands = this.commands
    if (commands == null) throw new NodeProcessGoneError(`node on port ${this.port} is not running`)
    try {
      return await commands.run(cmd, args) as T
    } catch (err) {
      // killed meanwhile: the command's fate is unknown, as with a dead process
      if (this.commands !== commands) throw new NodeProcessGoneError(`node on port ${this.port} was killed with a command pending`, { cause: err })
      throw err
    }
  }

  async kill (): Promise<void> {
    const commands = this.commands
    this.commands = undefined
    const node = commands?.node
    if (commands != null) commands.node = undefined
    await node?.stop()
  }

  async stop (): Promise<void> {
    await this.kill()
  }
}
