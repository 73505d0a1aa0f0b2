// The four-firm demo: six real nodes on 127.0.0.1 (firms in DK, NL, FR and ES,
// an NL authority, a partner firm in SG), each with its own LevelDB in a temp
// folder and its own HTTP API. Everything after start-up goes through the HTTP
// API, as an admin or a tool would: the admins add each other by key, real STIX
// bundles from the shared corpus are published under six different policies,
// and the delivery matrix is checked against what the policies require.
// Exit code 0 only when the matrix is exactly right.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pino } from 'pino'
import { createApiServer } from '../src/api/server.js'
import { initDataDir } from '../src/node/init-data-dir.js'
import { IntelmeshNode } from '../src/node/node.js'
import type { Role } from '../src/directory/types.js'
import type { Explanation, NodeStatus, PublishResult } from '../src/node/types.js'
import type { FastifyInstance } from 'fastify'

const CORPUS = resolve(process.cwd(), '../shared/data/stix-corpus')
const DELIVERY_TIMEOUT_MS = 30_000
const MESH_TIMEOUT_MS = 20_000
const GROUP = 'fin-cert'

interface Member { label: string, name: string, jurisdiction: string, roles: Role[], groups: string[] }
interface Running extends Member { node: IntelmeshNode, app: FastifyInstance, base: string, token: string, key: string }

const MEMBERS: Member[] = [
  { label: 'DK', name: 'Nordhavn Bank (DK)', jurisdiction: 'DK', roles: ['member'], groups: [GROUP] },
  { label: 'NL', name: 'Grachten Verzekeringen (NL)', jurisdiction: 'NL', roles: ['member'], groups: [GROUP] },
  { label: 'FR', name: 'Banque de la Loire (FR)', jurisdiction: 'FR', roles: ['member'], groups: [] },
  { label: 'ES', name: 'Caja del Sur (ES)', jurisdiction: 'ES', roles: ['member'], groups: [GROUP] },
  { label: 'NL-AUTH', name: 'NCSC-NL (authority)', jurisdiction: 'NL', roles: ['authority'], groups: [] },
  { label: 'SG', name: 'Straits Partner (SG)', jurisdiction: 'SG', roles: ['member'], groups: [] }
]

/** A publication of the demo and who must hold it afterwards (origin included). */
interface Case { title: string, origin: string, file: string, policy: (keys: Record<string, string>) => Record<string, unknown>, expected: string[] }

const CASES: Case[] = [
  { title: 'GREEN to every member, authorities too', origin: 'DK', file: 'oasis-cti-documentation/apt1.json', policy: () => ({ tlp: 'GREEN', authorities: true }), expected: ['DK', 'NL', 'FR', 'ES', 'NL-AUTH', 'SG'] },
  { title: 'AMBER, EU only, personal data', origin: 'NL', file: 'oasis-common-objects/incident-with-cyber-observables.json', policy: () => ({ tlp: 'AMBER', allow: ['EU'], personalData: true }), expected: ['DK', 'NL', 'FR', 'ES'] },
  { title: 'AMBER, deny FR', origin: 'ES', file: 'oasis-cti-documentation/poisonivy.json', policy: () => ({ tlp: 'AMBER', deny: ['FR'] }), expected: ['DK', 'NL', 'ES', 'SG'] },
  { title: 'AMBER, EU, authorities allowed', origin: 'FR', file: 'oasis-cti-documentation/sighting-of-an-indicator.json', policy: () => ({ tlp: 'AMBER', allow: ['EU'], authorities: true }), expected: ['DK', 'NL', 'FR', 'ES', 'NL-AUTH'] },
  { title: 'RED to one named member (NL)', origin: 'DK', file: 'oasis-cti-documentation/indicator-for-malicious-url.json', policy: keys => ({ tlp: 'RED', members: [keys.NL] }), expected: ['DK', 'NL'] },
  { title: `GREEN, sharing group ${GROUP}`, origin: 'SG', file: 'oasis-json-schemas-examples/infrastructure.json', policy: () => ({ tlp: 'GREEN', groups: [GROUP] }), expected: ['DK', 'NL', 'ES', 'SG'] }
]

async function api<T> (member: Running, method: string, path: string, body?: unknown): Promise<{ status: number, body: T }> {
  const res = await fetch(`${member.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${member.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as T }
}

async function must<T> (member: Running, method: string, path: string, body?: unknown): Promise<T> {
  const res = await api<T>(member, method, path, body)
  if (res.status >= 300) throw new Error(`${member.label}: ${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

async function startMember (root: string, member: Member): Promise<Running> {
  const dataDir = join(root, member.label)
  const { token } = await initDataDir(dataDir, {
    name: member.name, jurisdiction: member.jurisdiction, roles: member.roles, groups: member.groups,
    listen: ['/ip4/127.0.0.1/tcp/0'], api: { host: '127.0.0.1', port: 0 }
  })
  const logger = pino({ level: process.env.DEMO_LOG_LEVEL ?? 'silent' })
  const node = await IntelmeshNode.create({ dataDir, env: {}, logger })
  await node.start()
  const app = createApiServer({ node, token, logger })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  return { ...member, node, app, base, token, key: node.memberKey }
}

async function waitFor (what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/**
 * Follows a node's event stream (`GET /v1/events`) and records when each bundle
 * id arrived there: the delivery timings come from the API a SIEM would use.
 */
function follow (member: Running, arrivals: Map<string, number>, abort: AbortSignal): void {
  void (async () => {
    const res = await fetch(`${member.base}/v1/events`, { headers: { authorization: `Bearer ${member.token}` }, signal: abort })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      text += decoder.decode(value, { stream: true })
      let end: number
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end)
        text = text.slice(end + 2)
        const data = /^event: bundle\n(?:id: \d+\n)?data: (.*)$/m.exec(block)?.[1]
        if (data != null) arrivals.set(`${member.label} ${String(JSON.parse(data).id)}`, performance.now())
      }
    }
  })().catch(() => { /* aborted at the end of the demo */ })
}

function pad (text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length)
}

async function main (): Promise<number> {
  const t0 = performance.now()
  const ms = (from: number): string => `${Math.round(performance.now() - from)} ms`
  const root = await mkdtemp(join(tmpdir(), 'intelmesh-demo-'))
  const members: Running[] = []
  try {
    let t = performance.now()
    members.push(...await Promise.all(MEMBERS.map(async m => startMember(root, m))))
    const byLabel = new Map(members.map(m => [m.label, m]))
    const keys = Object.fromEntries(members.map(m => [m.label, m.key]))
    console.log(`started ${members.length} nodes in ${ms(t)} (data in ${root})`)
    for (const m of members) console.log(`  ${pad(m.label, 8)} ${pad(m.name, 30)} ${m.key}  api ${m.base}`)

    // Each admin reads the others' `id` (key and addresses) and adds them through its own API.
    t = performance.now()
    const ids = await Promise.all(members.map(async m => must<NodeStatus>(m, 'GET', '/v1/status')))
    await Promise.all(members.map(async admin => {
      for (const [i, peer] of members.entries()) {
        if (peer === admin) continue
        await must(admin, 'POST', '/v1/peers', {
          key: ids[i]?.memberKey, name: peer.name, jurisdiction: peer.jurisdiction, roles: peer.roles, groups: peer.groups, addresses: ids[i]?.listen
        })
      }
    }))
    await waitFor('the full mesh', MESH_TIMEOUT_MS, async () => {
      const all = await Promise.all(members.map(async m => must<NodeStatus>(m, 'GET', '/v1/status')))
      return all.every(s => s.peers.connected === members.length - 1)
    })
    console.log(`admins added each other by key; full mesh of ${members.length * (members.length - 1) / 2} connections in ${ms(t)}`)

    // Every node's event stream records arrivals; publish every case through its origin's API.
    const arrivals = new Map<string, number>()
    const streams = new AbortController()
    for (const m of members) follow(m, arrivals, streams.signal)
    await new Promise(resolve => setTimeout(resolve, 200))
    const published: Array<{ c: Case, result: PublishResult, at: number, publishMs: number }> = []
    t = performance.now()
    for (const c of CASES) {
      const origin = byLabel.get(c.origin) as Running
      const stix = await readFile(join(CORPUS, c.file), 'utf8')
      const start = performance.now()
      const result = await must<PublishResult>(origin, 'POST', '/v1/bundles', { stix, policy: c.policy(keys) })
      published.push({ c, result, at: performance.now(), publishMs: performance.now() - start })
    }
    await waitFor('delivery', DELIVERY_TIMEOUT_MS, async () =>
      published.every(p => p.c.expected.every(label => label === p.c.origin || arrivals.has(`${label} ${p.result.id}`)))
    ).catch(err => { console.log(`! ${(err as Error).message}`) })
    console.log(`published ${published.length} bundles; every expected recipient had its copy ${ms(t)} after the first publish\n`)
    streams.abort()

    // The matrix: what every node actually holds, against what the policy requires.
    let mismatches = 0
    const width = 44
    console.log(`${pad('bundle (origin: policy)', width)} ${members.map(m => pad(m.label, 8)).join(' ')} publish  delivery (slowest recipient)`)
    const reasons: string[] = []
    for (const p of published) {
      const origin = byLabel.get(p.c.origin) as Running
      const explained = (await must<{ members: Explanation[] }>(origin, 'GET', `/v1/bundles/${p.result.id}/explain`)).members
      const cells: string[] = []
      for (const m of members) {
        const held = (await api(m, 'GET', `/v1/bundles/${p.result.id}`)).status === 200
        const expected = p.c.expected.includes(m.label)
        const reason = explained.find(e => e.key === m.key)?.reason ?? '?'
        if (held !== expected) mismatches++
        cells.push(pad(`${held ? 'yes' : 'no'}${held === expected ? '' : '!'}`, 8))
        if (!held || held !== expected) reasons.push(`  ${pad(p.c.origin + ' ' + p.c.title, width - 2)} ${pad(m.label, 8)} ${held ? 'received' : 'not received'}${held === expected ? '' : ' (UNEXPECTED)'}: ${reason}`)
      }
      const latencies = p.c.expected.filter(l => l !== p.c.origin).map(l => (arrivals.get(`${l} ${p.result.id}`) ?? Number.NaN) - p.at)
      const latency = latencies.length === 0 ? '-' : `${Math.max(0, Math.round(Math.max(...latencies)))} ms`
      console.log(`${pad(`${p.c.origin}: ${p.c.title}`, width)} ${cells.join(' ')} ${pad(`${Math.round(p.publishMs)} ms`, 8)} ${latency}`)
    }
    console.log('\nwhy members did not receive (from GET /v1/bundles/:id/explain on the origin):')
    for (const line of reasons) console.log(line)
    console.log(`\n${published.length} bundles x ${members.length} nodes; total ${ms(t0)}`)
    if (mismatches > 0) {
      console.log(`FAIL: ${mismatches} cell(s) differ from what the policies require`)
      return 1
    }
    console.log('OK: every node holds exactly the bundles its policies allow')
    return 0
  } finally {
    await Promise.all(members.map(async m => {
      await m.app.close()
      await m.node.stop()
    }))
    await rm(root, { recursive: true, force: true })
  }
}

process.exitCode = await main().catch(err => {
  console.error(`demo failed: ${(err as Error).stack ?? String(err)}`)
  return 1
})
