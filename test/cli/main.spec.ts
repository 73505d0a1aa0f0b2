import { spawn } from 'node:child_process'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { SHARED_DATA } from '../api/test-node.js'
import { BIN, cliRunner, freePort } from './helpers.js'
import type { ChildProcess } from 'node:child_process'

const cli = cliRunner(30_000)

describe('cli - intelmesh', function () {
  this.timeout(60_000)
  let root: string
  let data: string
  let memberKey: string
  let node: ChildProcess | undefined
  let logs = ''
  let exited: Promise<number | null>
  const file = join(SHARED_DATA, 'stix-corpus/oasis-json-schemas-examples/infrastructure.json')
  const french = NodeIdentity.generate().memberKey
  let bundleId: string

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'intelmesh-cli-'))
    data = join(root, 'node')
  })
  after(async () => {
    if (node?.exitCode == null) node?.kill('SIGKILL')
    await rm(root, { recursive: true, force: true })
  })

  it('init creates the identity, the config and a 0600 token, and prints the member key', async () => {
    const port = await freePort()
    const run = await cli('init', '--data', data, '--name', 'Alpha Bank', '--jurisdiction', 'DK', '--listen', '/ip4/127.0.0.1/tcp/0', '--api', `127.0.0.1:${port}`, '--json')
    expect(run.code, run.stderr).to.equal(0)
    const out = JSON.parse(run.stdout)
    expect(out.memberKey).to.match(/^12D3KooW/)
    memberKey = out.memberKey
    expect((await stat(join(data, 'api-token'))).mode & 0o777).to.equal(0o600)
    const again = await cli('init', '--data', data, '--name', 'X', '--jurisdiction', 'DK')
    expect(again.code).to.equal(1)
    expect(again.stderr).to.include('already')
  })

  it('init refuses a bad command line with exit code 2', async () => {
    const [missing, bogus, unknown] = await Promise.all([
      cli('init', '--data', join(root, 'other'), '--name', 'X'), cli('init', '--bogus'), cli('frobnicate')])
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.include('--jurisdiction')
    expect(bogus.code).to.equal(2)
    expect(unknown.code).to.equal(2)
  })

  it('id prints the member key and the configured addresses while the node is down', async () => {
    const run = await cli('id', '--data', data, '--json')
    expect(run.code, run.stderr).to.equal(0)
    const out = JSON.parse(run.stdout)
    expect(out).to.include({ memberKey, running: false, jurisdiction: 'DK' })
    expect(out.addresses).to.deep.equal([`/ip4/127.0.0.1/tcp/0/p2p/${memberKey}`])
  })

  it('commands that need the node fail with exit code 1 and a message while it is down', async () => {
    const run = await cli('status', '--data', data)
    expect(run.code).to.equal(1)
    expect(run.stderr).to.include('cannot reach the node API')
  })

  it('start runs the node and its API in the foreground with JSON logs', async () => {
    node = spawn(process.execPath, [BIN, 'start', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] })
    exited = new Promise(resolve => node?.once('exit', code => { resolve(code) }))
    node.stdout?.on('data', chunk => { logs += String(chunk) })
    node.stderr?.on('data', chunk => { logs += String(chunk) })
    const deadline = Date.now() + 30_000
    while (!logs.includes('api listening')) {
      if (Date.now() > deadline || node.exitCode != null) throw new Error(`node did not start: ${logs}`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    for (const line of logs.trim().split('\n')) expect(() => JSON.parse(line), line).to.not.throw()
  })

  it('id shows the addresses the running node listens on', async () => {
    const out = JSON.parse((await cli('id', '--data', data, '--json')).stdout)
    expect(out.running).to.equal(true)
    expect(out.addresses[0]).to.match(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/[1-9]\\d*/p2p/${memberKey}$`))
  })

  it('status reports the running node', async () => {
    const [run, human] = await Promise.all([cli('status', '--data', data, '--json'), cli('status', '--data', data)])
    expect(run.code, run.stderr).to.equal(0)
    expect(JSON.parse(run.stdout)).to.include({ memberKey, name: 'Alpha Bank' })
    expect(human.stdout).to.match(/member key:\s+12D3KooW/)
  })

  it('peers add, list, suspend and remove', async () => {
    const add = await cli('peers', 'add', french, '--name', 'Charlie SA', '--jurisdiction', 'FR', '--group', 'fin-cert', '--data', data, '--json')
    expect(add.code, add.stderr).to.equal(0)
    expect(JSON.parse(add.stdout)).to.include({ key: french, status: 'active' })
    const [listRun, tableRun] = await Promise.all([cli('peers', 'list', '--data', data, '--json'), cli('peers', 'list', '--data', data)])
    const list = JSON.parse(listRun.stdout)
    expect(list.map((p: { key: string }) => p.key)).to.have.members([memberKey, french])
    const table = tableRun.stdout
    expect(table.split('\n')[0]).to.match(/^KEY\s+NAME\s+JURISDICTION\s+ROLES\s+GROUPS\s+STATUS\s+CONNECTED$/)
    expect(table).to.include('Charlie SA')
    const suspended = await cli('peers', 'suspend', french, '--data', data, '--json')
    expect(JSON.parse(suspended.stdout).status).to.equal('suspended')
    await cli('peers', 'activate', french, '--data', data)
    const temp = NodeIdentity.generate().memberKey
    const [dup] = await Promise.all([
      cli('peers', 'add', french, '--name', 'Charlie', '--jurisdiction', 'FR', '--data', data),
      cli('peers', 'add', temp, '--name', 'Temp', '--jurisdiction', 'SE', '--data', data)])
    expect(dup.code).to.equal(1)
    expect(dup.stderr).to.include('DIRECTORY_DUPLICATE_MEMBER')
    const removed = await cli('peers', 'remove', temp, '--data', data)
    expect(removed.code, removed.stderr).to.equal(0)
    expect((await cli('peers', 'remove', temp, '--data', data)).code).to.equal(1)
  })

  it('publish prints the id, the recipients and the excluded members with reasons', async () => {
    const run = await cli('publish', file, '--tlp', 'amber', '--allow', 'DK', '--expires', '30d', '--data', data)
    expect(run.code, run.stderr).to.equal(0)
    const id = /^published ([0-9a-f]{64})$/m.exec(run.stdout)?.[1]
    expect(id).to.be.a('string')
    expect(run.stdout).to.match(/recipients \(1\):\n\s+NAME\s+KEY\n\s+Alpha Bank/)
    expect(run.stdout).to.match(/excluded \(1\):\n\s+NAME\s+KEY\s+REASON\n\s+Charlie SA\s+12D3KooW\S+\s+\S/)
    bundleId = id ?? ''
    const json = JSON.parse((await cli('publish', file, '--tlp', 'GREEN', '--data', data, '--json')).stdout)
    expect(json.recipients.map((r: { key: string }) => r.key)).to.have.members([memberKey, french])
  })

  it('publish refuses bad input: usage errors exit 2, node refusals exit 1 naming the problem', async () => {
    const bad = join(root, 'bad.json')
    await writeFile(bad, '{"type":"bundle"}')
    const [purple, soon, red, invalid, absent] = await Promise.all([
      cli('publish', file, '--tlp', 'purple', '--data', data),
      cli('publish', file, '--tlp', 'green', '--expires', 'soon', '--data', data),
      cli('publish', file, '--tlp', 'red', '--data', data),
      cli('publish', bad, '--tlp', 'green', '--data', data),
      cli('publish', join(root, 'absent.json'), '--tlp', 'green', '--data', data)])
    expect(purple.code).to.equal(2)
    expect(soon.code).to.equal(2)
    expect(red.code).to.equal(1)
    expect(red.stderr).to.include('POLICY_INVALID')
    expect(invalid.code).to.equal(1)
    expect(invalid.stderr).to.include('STIX_INVALID')
    expect(absent.code).to.equal(1)
    expect(absent.stderr).to.include('absent.json')
  })

  it('search finds the published indicator value', async () => {
    const [json, human] = await Promise.all([cli('search', '198.51.100.3', '--data', data, '--json'), cli('search', '198.51.100.3', '--data', data)])
    const hits = JSON.parse(json.stdout)
    expect(hits.map((h: { bundleId: string }) => h.bundleId)).to.include(bundleId)
    expect(human.stdout.split('\n')[0]).to.match(/^OBJECT\s+KIND\s+BUNDLE\s+ORIGIN\s+TLP\s+RECEIVED$/)
  })

  it('show prints the bundle, its STIX and the explanation', async () => {
    const [jsonRun, stixRun, humanRun, missing] = await Promise.all([
      cli('show', bundleId, '--data', data, '--json', '--explain'), cli('show', bundleId, '--stix', '--data', data),
      cli('show', bundleId, '--data', data), cli('show', '0'.repeat(64), '--data', data)])
    const json = JSON.parse(jsonRun.stdout)
    expect(json).to.include({ id: bundleId, tlp: 'AMBER' })
    expect(json.explain.find((e: { key: string }) => e.key === french)).to.include({ ok: false })
    expect(JSON.parse(stixRun.stdout).type).to.equal('bundle')
    const human = humanRun.stdout
    expect(human).to.match(/^id:\s+[0-9a-f]{64}$/m)
    expect(human).to.match(/^policy:\s+TLP:AMBER allow=\[DK\]/m)
    expect(missing.code).to.equal(1)
    expect(missing.stderr).to.include('BUNDLE_NOT_FOUND')
  })

  it('show lists, on the origin, every recipient as delivered or pending', async () => {
    const green = JSON.parse((await cli('publish', file, '--tlp', 'GREEN', '--data', data, '--json')).stdout).id as string
    const [jsonRun, humanRun] = await Promise.all([cli('show', green, '--data', data, '--json'), cli('show', green, '--data', data)])
    const json = JSON.parse(jsonRun.stdout)
    // Charlie SA is listed but never online: no receipt. The node itself is not listed.
    expect(json.deliveries).to.have.length(1)
    expect(json.deliveries[0]).to.include({ key: french, name: 'Charlie SA', status: 'pending' })
    expect(json.sightings).to.deep.equal([])
    expect(humanRun.stdout).to.match(/^deliveries: 0 of 1 acknowledged$/m)
    expect(humanRun.stdout).to.match(/^RECIPIENT\s+KEY\s+STATUS\s+DELIVERED AT\n\s*Charlie SA\s+12D3KooW\S+\s+pending\s+-/m)
  })

  it('sight refuses a missing --count (exit 2) and a sighting of its own bundle (exit 1, SIGHTING_OWN_BUNDLE)', async () => {
    const [noCount, own] = await Promise.all([cli('sight', bundleId, '--data', data), cli('sight', bundleId, '--count', '2', '--data', data)])
    expect(noCount.code).to.equal(2)
    expect(noCount.stderr).to.include('--count')
    expect(own.code).to.equal(1)
    expect(own.stderr).to.include('SIGHTING_OWN_BUNDLE')
  })

  it('retract retracts the bundle', async () => {
    const run = await cli('retract', bundleId, '--reason', 'false positive', '--data', data, '--json')
    expect(run.code, run.stderr).to.equal(0)
    expect(JSON.parse(run.stdout).retracted).to.equal(bundleId)
    expect((await cli('show', bundleId, '--data', data)).code).to.equal(1)
  })

  it('audit --verify lists the records and checks the chain', async () => {
    const [run, human] = await Promise.all([cli('audit', '--verify', '--data', data, '--json'), cli('audit', '--verify', '--limit', '2', '--data', data)])
    expect(run.code, run.stderr).to.equal(0)
    const out = JSON.parse(run.stdout)
    expect(out.verify.ok).to.equal(true)
    expect(out.entries.map((e: { type: string }) => e.type)).to.include.members(['start', 'directory', 'publish', 'retract'])
    expect(human.stdout).to.match(/^SEQ\s+AT\s+TYPE/)
    expect(human.stdout).to.include('(more: --after 2)')
    expect(human.stdout).to.match(/audit chain: OK \(\d+ records checked\)/)
  })

  it('start shuts down cleanly on SIGTERM with exit code 0', async () => {
    node?.kill('SIGTERM')
    expect(await exited).to.equal(0)
    expect(logs).to.include('"msg":"node stopped"')
  })
})
