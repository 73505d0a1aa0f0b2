/**
 * npm run chaos -- [--rounds N] [--round-ms MS] [--seed S] [--quiet]
 *
 * Five intelmesh nodes, each in its own OS process, under a publish workload
 * with random SIGKILLs and restarts (odd rounds) and partitions and heals
 * (even rounds: each side suspends the other in its directory). At the end:
 * every node must hold exactly the bundles it may hold, nothing acknowledged
 * may be lost, nothing stored twice, and every audit chain must verify.
 * Prints one JSON report; exits 1 on any loss, leak, duplicate or broken chain.
 */
import { parseArgs } from 'node:util'
import { runChaos } from './lib/chaos-run.js'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    'round-ms': { type: 'string', default: '6000' },
    concurrency: { type: 'string', default: '3' },
    'kill-every-ms': { type: 'string', default: '1500' },
    'converge-ms': { type: 'string', default: '90000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    quiet: { type: 'boolean', default: false }
  }
})
const number = (name: keyof typeof values): number => {
  const value = Number(values[name])
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${String(values[name])}`)
  return value
}

const t0 = Date.now()
const report = await runChaos({
  rounds: number('rounds'),
  roundMs: number('round-ms'),
  concurrency: number('concurrency'),
  killEveryMs: number('kill-every-ms'),
  convergeMs: number('converge-ms'),
  seed: number('seed'),
  log: values.quiet === true ? undefined : line => { process.stderr.write(`chaos +${((Date.now() - t0) / 1000).toFixed(1)}s: ${line}\n`) }
})
process.stdout.write(JSON.stringify(report, null, 2) + '\n')
const failed = report.lost > 0 || report.leaks > 0 || report.duplicates > 0 || report.recipientMismatches > 0 || report.auditChainsVerified < report.nodes
process.exitCode = failed ? 1 : 0
