import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { FuzzFault } from './targets.js'
import { Random } from './random.js'
import type { FuzzTarget, Verdict } from './targets.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Figures of one target. */
export interface TargetReport {
  inputs: number
  accepted: number
  rejected: number
  ms: number
}

/** A fault: the target, the error, and the input in hex (replayable). */
export interface FaultReport {
  target: string
  error: string
  input: string
}

/** What a fuzz run found and how fast it went. */
export interface FuzzReport {
  seed: number
  inputs: number
  ms: number
  inputsPerSecond: number
  targets: Record<string, TargetReport>
  faults: FaultReport[]
  unhandledRejections: number
  heapBeforeBytes: number
  heapAfterBytes: number
  heapGrowthBytes: number
}

function heapAfterGc (): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/**
 * Feeds `inputs` generated inputs to the targets (shared by weight), from a
 * seeded PRNG. A fault (an untyped error, an invariant broken by an accepted
 * input) is recorded with its input, up to `maxFaults`; unhandled
 * rejections are counted; the heap is measured after a full GC before and after.
 */
export async function runFuzz (targets: FuzzTarget[], options: { inputs: number, seed: number, maxFaults?: number }): Promise<FuzzReport> {
  const rng = new Random(options.seed)
  const maxFaults = options.maxFaults ?? 10
  const totalWeight = targets.reduce((sum, t) => sum + t.weight, 0)
  const reports: Record<string, TargetReport> = {}
  const faults: FaultReport[] = []
  let unhandledRejections = 0
  const onRejection = (): void => { unhandledRejections++ }
  process.on('unhandledRejection', onRejection)
  const heapBefore = heapAfterGc()
  const started = performance.now()
  try {
    for (const target of targets) {
      const share = Math.round(options.inputs * target.weight / totalWeight)
      const report: TargetReport = { inputs: 0, accepted: 0, rejected: 0, ms: 0 }
      reports[target.name] = report
      const t0 = performance.now()
      for (let i = 0; i < share; i++) {
        const bytes = target.input(rng)
        let verdict: Verdict
        try {
          verdict = target.run(bytes)
        } catch (err) {
          if (!(err instanceof FuzzFault)) throw err
          if (faults.length < maxFaults) faults.push({ target: err.target, error: err.message, input: Buffer.from(err.bytes).toString('hex') })
          continue
        } finally {
          report.inputs++
        }
        report[verdict]++
      }
      report.ms = Math.round(performance.now() - t0)
    }
    // give any stray promise a chance to reject before counting
    await new Promise(resolve => setImmediate(resolve))
  } finally {
    process.off('unhandledRejection', onRejection)
  }
  const ms = performance.now() - started
  const heapAfter = heapAfterGc()
  const inputs = Object.values(reports).reduce((sum, r) => sum + r.inputs, 0)
  return {
    seed: options.seed,
    inputs,
    ms: Math.round(ms),
    inputsPerSecond: Math.round(inputs / (ms / 1000)),
    targets: reports,
    faults,
    unhandledRejections,
    heapBeforeBytes: heapBefore,
    heapAfterBytes: heapAfter,
    heapGrowthBytes: heapAfter - heapBefore
  }
}
