import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Store } from '../src/store/store.js'
import { CRASH_ORIGIN, crashEnvelope, crashInput, crashValue, PURGE_NOW } from './crash-fixture.js'

const CHILD = fileURLToPath(new URL('./crash-store-child.ts', import.meta.url))

/** Settings of a crash run. */
export interface CrashOptions {
  /** LevelDB folder (created if missing). */
  dir: string
  /** Number of SIGKILLs. */
  kills: number
  /** Kill at a random moment between min and max ms after the child is ready. */
  minDelayMs?: number
  maxDelayMs?: number
  /** Share of kills aimed at start-up (while the child opens and recovers the database). */
  startupKills?: number
}

/** What a crash run observed. */
export interface CrashReport {
  kills: number
  killedDuringStartup: number
  acked: number
  ackedRetractions: number
  bundles: number
  logHead: number
  auditHead: number
  failures: string[]
  durationMs: number
  /** Mean time from spawn to READY, and mean time to reopen and verify, in ms. */
  meanReadyMs: number
  meanVerifyMs: number
}

interface Acked { ids: Set<string>, retractions: Map<string, string> }

/** One child life: spawn, wait until ready, kill at a random moment; collects the acknowledged lines. */
async function killOnce (dir: string, delayMs: number, atStartup: boolean, acked: Acked): Promise<number | undefined> {
  const spawned = Date.now()
  let readyAt: number | undefined
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let buffered = ''
  let stderr = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve() }))
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const [tag, id, ref] = line.split(' ')
        if (tag === 'READY') { readyAt = Date.now() - spawned; resolve() }
        else if (tag === 'A' && id !== undefined) acked.ids.add(id)
        else if (tag === 'R' && id !== undefined && ref !== undefined) acked.retractions.set(id, ref)
      }
    })
    void exited.then(() => { resolve() })
  })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8') })
  if (!atStartup) await ready
  await new Promise((resolve) => setTimeout(resolve, delayMs))
  const alive = child.exitCode === null
  child.kill('SIGKILL')
  await exited
  if (!alive && stderr !== '') throw new Error(`crash child died on its own: ${stderr.slice(0, 2000)}`)
  return readyAt
}

/** Checks a reopened store against everything acknowledged so far; returns the problems found. */
async function verify (store: Store, acked: Acked, fresh: Set<string>): Promise<string[]> {
  const problems: string[] = []
  const report = await store.check()
  problems.push(...report.problems)
  const live = new Set<string>()
  for (let since = 0; ;) {
    const page = await store.readLog({ since, limit: 1000 })
    if (page.length === 0) break
    for (const e of page) live.add(e.id)
    since = page.at(-1)?.pos as number
  }
  for (const [id, ref] of acked.retractions) {
    if (!live.has(id)) problems.push(`acknowledged retraction ${id} is missing`)
    if (live.has(ref)) problems.push(`bundle ${ref} is still stored after its acknowledged retraction ${id}`)
  }
  for (const id of acked.ids) {
    if (live.has(id)) continue
    const tomb = await store.getTombstone(id, CRASH_ORIGIN)
    const expired = crashInput(id).record.expires !== 0 && crashInput(id).record.expires <= PURGE_NOW
    const explained = tomb !== undefined && (tomb.reason === 'retracted' ? live.has(tomb.by as string) : expired)
    if (!explained) problems.push(`acknowledged bundle ${id} is missing without a valid tombstone`)
  }
  for (const id of fresh) {
    if (!live.has(id)) continue
    const envelope = await store.getEnvelope(id)
    if (envelope === undefined || !Buffer.from(envelope).equals(Buffer.from(crashEnvelope(id)))) problems.push(`envelope of ${id} differs`)
    const hits = await store.findByValue(crashValue(id))
    if (!hits.some((h) => h.id === id)) problems.push(`bundle ${id} is not found by its observable`)
  }
  return problems
}

/** Kills a child ingesting into `dir` `kills` times, verifying the store after each kill. */
export async function runCrashCycles (options: CrashOptions): Promise<CrashReport> {
  const started = Date.now()
  const min = options.minDelayMs ?? 0
  const max = options.maxDelayMs ?? 200
  const acked: Acked = { ids: new Set(), retractions: new Map() }
  const failures: string[] = []
  let killedDuringStartup = 0
  let store: Store | undefined
  const ready: number[] = []
  const verifying: number[] = []
  const mean = (xs: number[]): number => xs.length === 0 ? 0 : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length)
  for (let kill = 0; kill < options.kills; kill++) {
    const before = new Set(acked.ids)
    const atStartup = Math.random() < (options.startupKills ?? 0.1)
    if (atStartup) killedDuringStartup++
    const readyMs = await killOnce(options.dir, atStartup ? Math.random() * 150 : min + Math.random() * (max - min), atStartup, acked)
    if (readyMs !== undefined) ready.push(readyMs)
    const verifyStart = Date.now()
    const fresh = new Set([...acked.ids].filter((id) => !before.has(id)))
    store = await Store.open(options.dir)
    const problems = await verify(store, acked, fresh)
    failures.push(...problems.map((p) => `after kill ${kill + 1}: ${p}`))
    const stats = await store.stats()
    await store.close()
    verifying.push(Date.now() - verifyStart)
    if (problems.length > 0 || kill === options.kills - 1) {
      return {
        kills: kill + 1,
        killedDuringStartup,
        acked: acked.ids.size,
        ackedRetractions: acked.retractions.size,
        bundles: stats.bundles,
        logHead: stats.logHead,
        auditHead: stats.auditHead,
        failures,
        durationMs: Date.now() - started,
        meanReadyMs: mean(ready),
        meanVerifyMs: mean(verifying)
      }
    }
  }
  throw new Error('runCrashCycles: kills must be at least 1')
}
