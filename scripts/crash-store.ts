// Crash test at scale: `npm run crash:store -- --kills 300 [--dir path] [--max-delay-ms 300]`.
// Prints one JSON report; exits 1 when any acknowledged write was lost or the store is inconsistent.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { runCrashCycles } from './crash-harness.js'

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '200' },
    dir: { type: 'string' },
    'max-delay-ms': { type: 'string', default: '300' },
    keep: { type: 'boolean', default: false }
  }
})
const base = values.dir ?? await mkdtemp(join(tmpdir(), 'intelmesh-crash-'))
const report = await runCrashCycles({ dir: join(base, 'db'), kills: Number(values.kills), maxDelayMs: Number(values['max-delay-ms']) })
if (values.dir === undefined && values.keep !== true) await rm(base, { recursive: true, force: true })
process.stdout.write(JSON.stringify({ ...report, failures: report.failures.slice(0, 20), failureCount: report.failures.length }, null, 2) + '\n')
process.exitCode = report.failures.length === 0 ? 0 : 1
