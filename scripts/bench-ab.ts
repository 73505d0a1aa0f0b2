// Before/after CPU of the pure steps of a publication and a receive, with
// two versions of src/ in ONE process, run alternately so that both see the
// same machine load: `npx tsx scripts/bench-ab.ts --base DIR` prints ONE
// JSON document. DIR is another checkout of the repository, e.g.
//   git archive fcef2da | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/node_modules
// Each tree's own code runs as its publisher and pipeline call it: parse,
// seal and derive indexes (a newer deriveIndexes takes the parsed bundle,
// an older one ignores it and parses again); open = decode, verify, decrypt.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadTemplates, makeBundle } from './lib/bench-corpus.js'

const { values } = parseArgs({ options: { base: { type: 'string' }, rounds: { type: 'string', default: '30' } } })
if (values.base == null) throw new Error('usage: bench-ab --base DIR (another checkout of the repository)')
const ROUNDS = Number(values.rounds)

interface Tree {
  env: typeof import('../src/envelope/index.js')
  crypto: typeof import('../src/crypto/index.js')
  stix: typeof import('../src/stix/index.js')
  derive: (envelope: unknown, content: Uint8Array, parsed?: unknown) => unknown
}
async function load (root: string): Promise<Tree> {
  const from = async <T>(path: string): Promise<T> => await import(resolve(root, path)) as T
  return {
    env: await from('src/envelope/index.js'),
    crypto: await from('src/crypto/index.js'),
    stix: await from('src/stix/index.js'),
    derive: (await from<{ deriveIndexes: Tree['derive'] }>('src/replication/derive-indexes.js')).deriveIndexes
  }
}

const templates = loadTemplates()
const contents = Array.from({ length: 200 }, (_, n) => new TextEncoder().encode(makeBundle(templates, 'ab', n)))
const stixFile = new Uint8Array(readFileSync(resolve(process.cwd(), '../shared/data/stix-corpus/oasis-cti-documentation/indicator-for-malicious-url.json')))
const POLICY = { tlp: 'GREEN' as const, allow: [], deny: [], groups: [], members: [], authorities: true, personalData: false }

/** The operations of one tree for `recipients` members. */
function operations (tree: Tree, recipients: number): Record<string, () => void> {
  const parties = Array.from({ length: recipients }, () => { const identity = tree.crypto.NodeIdentity.generate(); return { identity, wrapper: new tree.crypto.KeyWrapper({ identity }) } })
  const seal = (content: Uint8Array): ReturnType<Tree['env']['sealEnvelope']> => tree.env.sealEnvelope({ identity: parties[0]!.identity, wrapper: parties[0]!.wrapper, kind: 'INTEL', policy: POLICY, recipients: parties.map((p, i) => ({ key: p.identity.memberKey, seq: i + 1 })), content, created: Date.now(), expires: 0 })
  const sealed = seal(stixFile)
  const reader = parties[1]!
  return {
    seal: () => { seal(stixFile) },
    open: () => { tree.env.openEnvelope(sealed.bytes, reader.identity, reader.wrapper, Date.now()) },
    publish_cpu: () => { for (const content of contents) { const parsed = tree.stix.parseStixBundle(content); tree.derive(seal(content), content, parsed) } }
  }
}

const cpuMicros = (fn: () => void, runs: number): number => { const c = process.cpuUsage(); for (let i = 0; i < runs; i++) fn(); const u = process.cpuUsage(c); return u.user + u.system }
const [base, current] = [await load(values.base), await load(resolve(import.meta.dirname, '..'))]
const results = []
for (const recipients of [5, 100]) {
  const a = operations(base, recipients)
  const b = operations(current, recipients)
  for (const op of Object.keys(a)) {
    if (op === 'publish_cpu' && recipients !== 5) continue
    const runs = op === 'publish_cpu' ? 1 : recipients === 5 ? 200 : 20
    const per = op === 'publish_cpu' ? contents.length : runs
    let before = 0
    let after = 0
    for (let w = 0; w < 3; w++) { cpuMicros(a[op]!, runs); cpuMicros(b[op]!, runs) }
    for (let r = 0; r < ROUNDS; r++) { before += cpuMicros(a[op]!, runs); after += cpuMicros(b[op]!, runs) }
    const result = { op, recipients, base_us: Math.round(before / per / ROUNDS * 10) / 10, current_us: Math.round(after / per / ROUNDS * 10) / 10, ratio: Math.round(after / before * 1000) / 1000 }
    process.stderr.write(`${JSON.stringify(result)}\n`)
    results.push(result)
  }
}
console.log(JSON.stringify({ base: values.base, rounds: ROUNDS, results }, null, 2))
