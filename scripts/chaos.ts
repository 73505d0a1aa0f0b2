/**
 * npm run chaos -- [--quick] [--rounds N] [--round-ms MS] [--seed S] [--quiet]
 *
 * --quick: 4 rounds of 2.5 s (two kill rounds, two partitions), about a
 * minute in all; the sizes of the in-suite run, but with real processes and
 * SIGKILL. Explicit options still win over the preset.
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

const FULL = { rounds: '8', 'round-ms': '6000', concurrency: '3', 'kill-every-ms': '1500', 'converge-ms': '90000' }
const QUICK: typeof FULL = { rounds: '4', 'round-ms': '2500', concurrency: '3', 'kill-every-ms': '900', 'converge-ms': '60000' }

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'round-ms': { type: 'string' },
    concurrency: { type: 'string' },
    'kill-every-ms': { type: 'string' },
    'converge-ms': { type: 'string' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    quiet: { type: 'boolean', default: false }
  }
})
const preset = values.quick ? QUICK : FULL
const number = (name: keyof typeof FULL | 'seed'): number => {
  const raw = name === 'seed' ? values.seed : values[name] ?? preset[name]
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${String(raw)}`)
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
// The seed first: a failed run can be replayed with --seed.
process.stdout.write(JSON.stringify({ seed: number('seed'), ...report }, null, 2) + '\n')
const failed = report.lost > 0 || report.leaks > 0 || report.duplicates > 0 || report.recipientMismatches > 0 || report.auditChainsVerified < report.nodes
process.exitCode = failed ? 1 : 0
