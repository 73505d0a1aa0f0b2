// Summarises a V8 .cpuprofile (from `node --cpu-prof` or the inspector): the
// top functions by self time, and self time grouped by where the code lives
// (our src/ folders, each npm package, V8's GC/idle/program buckets). Time in
// native code (bindings, builtins) is charged to the JavaScript that called it.
// Usage: npx tsx scripts/cpu-profile-summary.ts FILE.cpuprofile [--top 25] [--json]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

interface CallFrame { functionName: string, url: string, lineNumber: number }
interface ProfileNode { id: number, callFrame: CallFrame, children?: number[] }
interface CpuProfile { nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, json: { type: 'boolean', default: false } }
})
const file = positionals[0]
if (file == null) throw new Error('usage: cpu-profile-summary FILE.cpuprofile [--top N] [--json]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
const top = Number(values.top)

/** Where a function lives: src/<folder>, an npm package, node: internals, or a V8 bucket. */
function area (frame: CallFrame): string {
  const url = frame.url
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg != null) return pkg[1]!
  const ours = /\/(src|scripts)\/([^/]+)/.exec(url)
  if (ours != null) return ours[1] === 'src' ? `src/${ours[2]!.replace(/\.ts$/, '')}` : 'scripts'
  if (url.startsWith('node:')) return 'node: internals'
  return url
}

function label (frame: CallFrame): string {
  const where = frame.url.replace(/^.*\/(node_modules|src|scripts)\//, '$1/').replace(/^file:\/\//, '')
  return `${frame.functionName || '(anonymous)'} ${where}${frame.url === '' ? '' : `:${frame.lineNumber + 1}`}`
}

const byId = new Map(profile.nodes.map(node => [node.id, node]))
const parentOf = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)

/** A native or builtin frame (no url) is charged to its nearest JavaScript caller, which names what it was for. */
function chargedFrame (id: number): { frame: CallFrame, via?: string } {
  const frame = byId.get(id)!.callFrame
  if (frame.url !== '' || frame.functionName.startsWith('(')) return { frame }
  for (let up = parentOf.get(id); up != null; up = parentOf.get(up)) {
    const caller = byId.get(up)!.callFrame
    if (caller.url !== '') return { frame: caller, via: frame.functionName || 'native' }
  }
  return { frame }
}
const selfMicros = new Map<number, number>()
profile.samples.forEach((id, i) => { selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)) })
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0)

/** The nearest frame of our own code (src/) on the stack: who asked for the work, whatever library did it. */
function ownCaller (id: number): string {
  for (let cur: number | undefined = id; cur != null; cur = parentOf.get(cur)) {
    const frame = byId.get(cur)!.callFrame
    const ours = /\/src\/(.+)$/.exec(frame.url)
    if (ours != null && !frame.url.includes('node_modules')) return `${frame.functionName || '(anonymous)'} src/${ours[1]!}`
  }
  const frame = byId.get(id)!.callFrame
  return frame.functionName.startsWith('(') ? frame.functionName : '(outside src/: libraries, timers, I/O callbacks)'
}

const byFunction = new Map<string, number>()
const byArea = new Map<string, number>()
const byOwnCaller = new Map<string, number>()
for (const [id, micros] of selfMicros) {
  const { frame, via } = chargedFrame(id)
  const name = via == null ? label(frame) : `[${via}] in ${label(frame)}`
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
  byArea.set(area(frame), (byArea.get(area(frame)) ?? 0) + micros)
  const caller = ownCaller(id)
  byOwnCaller.set(caller, (byOwnCaller.get(caller) ?? 0) + micros)
}
const ranked = (map: Map<string, number>, count: number): Array<{ name: string, ms: number, pct: number }> =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), pct: Math.round((micros / total) * 1000) / 10 }))

const summary = {
  file,
  profiled_ms: Math.round((profile.endTime - profile.startTime) / 1000),
  sampled_ms: Math.round(total / 1000),
  by_area: ranked(byArea, top),
  top_functions: ranked(byFunction, top),
  by_own_caller: ranked(byOwnCaller, top)
}
if (values.json) {
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
} else {
  const lines = (rows: Array<{ name: string, ms: number, pct: number }>): string[] => rows.map(r => `${String(r.pct).padStart(5)}%  ${String(r.ms).padStart(7)} ms  ${r.name}`)
  process.stdout.write([`${file}: ${summary.profiled_ms} ms profiled, ${summary.sampled_ms} ms sampled`, '', 'self time by area:', ...lines(summary.by_area), '', 'top functions by self time:', ...lines(summary.top_functions), '', 'self time by nearest src/ caller:', ...lines(summary.by_own_caller), ''].join('\n'))
}
