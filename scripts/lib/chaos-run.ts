// The chaos run: five node processes, a publish workload, random SIGKILLs and
// restarts, partitions (each side suspends the other in its directory) and
// heals; then convergence and the verdict: every node holds exactly what it
// may hold, nothing acknowledged is lost, nothing is stored twice, and every
// audit chain verifies.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validatePolicy } from '../../src/policy/index.js'
import { indicatorBundle } from '../../test/fixtures/stix-factory.js'
import { Random } from '../../test/fuzz/random.js'
import { CHAOS_MEMBERS, asMember, chaosGroups, expectedRecipients, mayHold, missingCopies, policyChoices } from './chaos-plan.js'
import { InProcessNodeHandle, NodeProcessGoneError, ProcessNodeHandle, freePort } from './node-handle.js'
import type { NodeHandle } from './node-handle.js'
import type { ChaosMember, Publication } from './chaos-plan.js'
import type { Holding } from './node-commands.js'
import type { JurisdictionGroups, MemberStatus } from '../../src/directory/types.js'
import type { Policy } from '../../src/policy/types.js'

/** How long and how hard. */
export interface ChaosOptions {
  /** Rounds of workload; odd rounds kill, even rounds partition. */
  rounds: number
  /** Length of one round (ms). */
  roundMs: number
  /** Publications in flight at once. */
  concurrency: number
  /** Pause between two kills within a kill round (ms). */
  killEveryMs: number
  /** How long convergence may take at the end (ms). */
  convergeMs: number
  seed: number
  /** One OS process per node (SIGKILL), or all in this process (abrupt stop) for a quick in-suite run. */
  mode?: 'process' | 'in-process'
  log?: (line: string) => void
}

/** The verdict, as `npm run chaos` prints it. */
export interface ChaosReport {
  nodes: number
  kills: number
  partitions: number
  published: number
  unacknowledged: number
  lost: number
  leaks: number
  duplicates: number
  recipientMismatches: number
  auditChainsVerified: number
  convergedMs: number
  ms: number
  problems: string[]
}

interface Peer { member: ChaosMember, handle: NodeHandle, key: string, ready: boolean }

/** Runs the whole scenario in a temp folder (removed afterwards) and returns the report. */
export async function runChaos (options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now()
  const root = await mkdtemp(join(tmpdir(), 'intelmesh-chaos-'))
  const log = options.log ?? (() => {})
  // seeded, so a schedule can be replayed
  const random = new Random(options.seed)
  const rng = (): number => random.next() / 0x100000000
  const groups = await chaosGroups()
  const peers: Peer[] = []
  try {
    const handles: NodeHandle[] = []
    const Handle = options.mode === 'in-process' ? InProcessNodeHandle : ProcessNodeHandle
    for (const member of CHAOS_MEMBERS) handles.push(new Handle({ dataDir: join(root, member.label), port: await freePort() }))
    // Started in parallel: a process takes seconds to load, and the order does not matter.
    peers.push(...await Promise.all(CHAOS_MEMBERS.map(async (member, i) => {
      const handle = handles[i]!
      handle.spawn()
      const { key } = await handle.call<{ key: string }>('init', { dataDir: handle.dataDir, name: `${member.label} CERT`, jurisdiction: member.jurisdiction, roles: member.roles, groups: member.groups, port: handle.port })
      return { member, handle, key, ready: true }
    })))
    await Promise.all(peers.map(async admin => admin.handle.call('addPeers', {
      peers: peers.filter(p => p !== admin).map(p => ({ key: p.key, name: `${p.member.label} CERT`, jurisdiction: p.member.jurisdiction, roles: p.member.roles, groups: p.member.groups, addresses: [`/ip4/127.0.0.1/tcp/${p.handle.port}/p2p/${p.key}`] }))
    })))
    log(`started ${peers.length} node processes`)
    const run = new Scenario(peers, groups, options, rng, log)
    await run.play()
    return await run.verdict(started)
  } finally {
    await Promise.all(peers.map(async p => p.handle.stop()))
    await rm(root, { recursive: true, force: true })
  }
}

/** The schedule and the bookkeeping of one run. */
class Scenario {
  kills = 0
  partitions = 0
  unacknowledged = 0
  recipientMismatches = 0
  readonly published: Publication[] = []
  private readonly problems: string[] = []
  /** views[a][b]: a's directory status of b. */
  private readonly views = new Map<string, Map<string, MemberStatus>>()
  private counter = 0
  private convergedMs = 0

  constructor (private readonly peers: Peer[], private readonly groups: JurisdictionGroups, private readonly options: ChaosOptions, private readonly rng: () => number, private readonly log: (line: string) => void) {
    for (const a of peers) this.views.set(a.key, new Map(peers.filter(b => b !== a).map(b => [b.key, 'active'])))
  }

  async play (): Promise<void> {
    for (let round = 1; round <= this.options.rounds; round++) {
      if (round % 2 === 1) await this.killRound()
      else await this.partitionRound()
    }
    await this.converge()
  }

  private async killRound (): Promise<void> {
    const until = Date.now() + this.options.roundMs
    const restarts: Array<Promise<void>> = []
    const killer = (async () => {
      while (Date.now() < until) {
        await sleep(this.options.killEveryMs * (0.5 + this.rng()))
        const alive = this.peers.filter(p => p.ready)
        if (alive.length <= 3) continue
        const victim = alive[Math.floor(this.rng() * alive.length)]!
        victim.ready = false
        await victim.handle.kill()
        this.kills++
        this.log(`SIGKILL ${victim.member.label}`)
        restarts.push(this.restartLater(victim, 300 + this.rng() * 1200))
      }
    })()
    await Promise.all([this.workload(until), killer])
    await Promise.all(restarts)
  }

  private async restartLater (peer: Peer, delayMs: number): Promise<void> {
    await sleep(delayMs)
    peer.handle.spawn()
    await peer.handle.call('start', { dataDir: peer.handle.dataDir })
    peer.ready = true
    this.log(`restarted ${peer.member.label}`)
  }

  private async partitionRound (): Promise<void> {
    const shuffled = [...this.peers].sort(() => this.rng() - 0.5)
    const cut = 1 + Math.floor(this.rng() * (shuffled.length - 1))
    const [a, b] = [shuffled.slice(0, cut), shuffled.slice(cut)]
    this.log(`partition ${a.map(p => p.member.label).join(',')} | ${b.map(p => p.member.label).join(',')}`)
    await this.setAcross(a, b, 'suspended')
    this.partitions++
    await this.workload(Date.now() + this.options.roundMs)
    await this.setAcross(a, b, 'active')
    this.log('healed')
  }

  /** Each side sets the other side's status in its own directory. */
  private async setAcross (a: Peer[], b: Peer[], status: MemberStatus): Promise<void> {
    const jobs: Array<Promise<unknown>> = []
    for (const [from, to] of [[a, b], [b, a]] as const) {
      for (const admin of from) {
        for (const peer of to) {
          this.views.get(admin.key)!.set(peer.key, status)
          jobs.push(admin.handle.call('setStatus', { key: peer.key, status }))
        }
      }
    }
    await Promise.all(jobs)
  }

  /** Publishes from random live nodes with random policies until `until`, `concurrency` at a time. */
  private async workload (until: number): Promise<void> {
    await Promise.all(Array.from({ length: this.options.concurrency }, async () => {
      while (Date.now() < until) {
        const origin = this.pickAlive()
        if (origin == null) { await sleep(50); continue }
        await this.publishOne(origin)
      }
    }))
  }

  private pickAlive (): Peer | undefined {
    const alive = this.peers.filter(p => p.ready)
    return alive.length === 0 ? undefined : alive[Math.floor(this.rng() * alive.length)]
  }

  private async publishOne (origin: Peer): Promise<void> {
    const others = this.peers.filter(p => p !== origin).map(p => p.key)
    const choices = policyChoices(others, n => Math.floor(this.rng() * n))
    const input = choices[Math.floor(this.rng() * choices.length)]!
    const policy = validatePolicy(input, this.groups)
    const directory = this.peers.map(p => asMember(p.member, p.key, p === origin ? 'active' : this.views.get(origin.key)!.get(p.key)))
    const expected = expectedRecipients(policy, origin.key, directory, this.groups)
    const n = this.counter++
    try {
      const result = await origin.handle.call<{ id: string, recipients: string[] }>('publish', { stix: indicatorBundle(n, { label: `chaos-${this.options.seed}` }).stix, policy: input })
      const recipients = [...result.recipients].sort()
      if (recipients.join() !== expected.join()) {
        this.recipientMismatches++
        this.problem(`bundle ${result.id} from ${origin.member.label}: recipients ${this.labels(recipients)}, oracle ${this.labels(expected)}`)
      }
      this.published.push({ id: result.id, origin: origin.key, recipients, policy })
    } catch (err) {
      if (!(err instanceof NodeProcessGoneError)) throw err
      this.unacknowledged++ // killed mid-publish: it may or may not exist; if it does, it is checked like any other
    }
  }

  /** Waits until every bundle found anywhere, and every acknowledged one, is at all of its recipients. */
  private async converge (): Promise<void> {
    const t0 = Date.now()
    const deadline = t0 + this.options.convergeMs
    for (;;) {
      const missing = missingCopies(this.published, await this.holdings())
      if (missing.length === 0 || Date.now() > deadline) break
      await sleep(500)
    }
    this.convergedMs = Date.now() - t0
    // Let any late relay run: whatever might leak has had its chance.
    await sleep(1_000)
  }

  private async holdings (): Promise<Map<string, Holding[]>> {
    const out = new Map<string, Holding[]>()
    await Promise.all(this.peers.map(async p => { out.set(p.key, await p.handle.call<Holding[]>('holdings')) }))
    return out
  }

  async verdict (started: number): Promise<ChaosReport> {
    const holdings = await this.holdings()
    const missing = missingCopies(this.published, holdings)
    const lost = new Set(missing.filter(m => m.acknowledged).map(m => m.id))
    for (const m of missing.slice(0, 5)) this.problem(`${m.acknowledged ? 'acknowledged' : 'unacknowledged'} bundle ${m.id} missing at ${this.labels([m.member])}`)
    let leaks = 0
    let duplicates = 0
    for (const peer of this.peers) {
      const list = holdings.get(peer.key)!
      const ids = list.map(h => h.id)
      duplicates += ids.length - new Set(ids).size
      const status = await peer.handle.call<{ stored: number }>('status')
      duplicates += Math.max(0, status.stored - new Set(ids).size)
      for (const h of list) {
        if (!mayHold({ origin: h.origin, recipients: h.recipients, policy: h.policy as Policy }, asMember(peer.member, peer.key), this.groups)) {
          leaks++
          this.problem(`leak: ${peer.member.label} holds ${h.id} (recipients ${this.labels(h.recipients)})`)
        }
      }
    }
    let auditChainsVerified = 0
    for (const peer of this.peers) {
      const result = await peer.handle.call<{ ok: boolean }>('verifyAudit')
      if (result.ok) auditChainsVerified++
      else this.problem(`audit chain of ${peer.member.label} does not verify: ${JSON.stringify(result)}`)
    }
    return {
      nodes: this.peers.length,
      kills: this.kills,
      partitions: this.partitions,
      published: this.published.length,
      unacknowledged: this.unacknowledged,
      lost: lost.size,
      leaks,
      duplicates,
      recipientMismatches: this.recipientMismatches,
      auditChainsVerified,
      convergedMs: this.convergedMs,
      ms: Date.now() - started,
      problems: this.problems.slice(0, 20)
    }
  }

  private problem (line: string): void {
    this.problems.push(line)
    this.log(line)
  }

  private labels (keys: string[]): string {
    return keys.map(k => this.peers.find(p => p.key === k)?.member.label ?? k).join(',')
  }
}

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}
