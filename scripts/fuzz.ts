/**
 * npm run fuzz -- [--inputs N] [--seed S]
 *
 * Long fuzz run of every decoder that reads bytes from a peer (the envelope,
 * decoded and fully opened, and the four replication messages): random and
 * mutated inputs from a seeded PRNG. Prints one JSON report (inputs/s, per
 * target accepted/rejected, faults with their input in hex, unhandled
 * rejections, heap growth) and exits 1 when anything faulted.
 */
import { parseArgs } from 'node:util'
import { runFuzz } from '../test/fuzz/runner.js'
import { fuzzTargets } from '../test/fuzz/targets.js'

const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) }
  }
})
const inputs = Number(values.inputs)
const seed = Number(values.seed)
if (!Number.isSafeInteger(inputs) || inputs <= 0) throw new Error(`--inputs must be a positive integer, got ${values.inputs}`)
if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got ${values.seed}`)

const report = await runFuzz(fuzzTargets(), { inputs, seed, maxFaults: 20 })
process.stdout.write(JSON.stringify(report, null, 2) + '\n')
process.exitCode = report.faults.length > 0 || report.unhandledRejections > 0 ? 1 : 0
