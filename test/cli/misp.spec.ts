import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { parseMispEvent } from '../../src/misp/index.js'
import { FIXTURES } from '../misp/helpers.js'
import { BIN, cliRunner, freePort } from './helpers.js'
import type { ChildProcess } from 'node:child_process'

const cli = cliRunner(30_000)

describe('cli - import-misp and export-misp against a running node', function () {
  this.timeout(90_000)
  let root: string
  let data: string
  let node: ChildProcess | undefined
  let memberKey: string
  const fixture = (name: string): string => join(FIXTURES, name)

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'intelmesh-cli-misp-'))
    data = join(root, 'node')
    const init = await cli('init', '--data', data, '--name', 'Alpha Bank', '--jurisdiction', 'DK', '--listen', '/ip4/127.0.0.1/tcp/0', '--api', `127.0.0.1:${await freePort()}`, '--json')
    expect(init.code, init.stderr).to.equal(0)
    memberKey = JSON.parse(init.stdout).memberKey
    node = spawn(process.execPath, [BIN, 'start', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] })
    let logs = ''
    node.stdout?.on('data', chunk => { logs += String(chunk) })
    node.stderr?.on('data', chunk => { logs += String(chunk) })
    const deadline = Date.now() + 60_000
    while (!logs.includes('api listening')) {
      if (Date.now() > deadline || node.exitCode != null) throw new Error(`node did not start: ${logs}`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  })
  after(async () => {
    if (node?.exitCode == null) {
      const exited = new Promise(resolve => node?.once('exit', resolve))
      node?.kill('SIGTERM')
      await exited
    }
    await rm(root, { recursive: true, force: true })
  })

  it('imports an event, printing the id, the TLP and its source, the recipients and the unmapped types', async () => {
    const run = await cli('import-misp', fixture('phishing.json'), '--allow', 'EU', '--expires', '30d', '--data', data)
    expect(run.code, run.stderr).to.equal(0)
    expect(run.stdout).to.match(/^published [0-9a-f]{64}$/m)
    expect(run.stdout).to.match(/^policy: TLP:AMBER \(from tlp:amber\)$/m)
    expect(run.stdout).to.match(/not mapped to STIX, carried unchanged \(1\):\n\s+TYPE\s+COUNT\s+IDS\n\s+text\s+1\s+506b186e-5c3e-4e41-8603-b184532e3a5c/)
  })

  it('exports it back to a 0600 file as a MISP event with every attribute', async () => {
    const imported = JSON.parse((await cli('import-misp', fixture('network.json'), '--json', '--data', data)).stdout)
    expect(imported.policy.tlp).to.equal('AMBER')
    const out = join(root, 'network.misp.json')
    const run = await cli('export-misp', imported.id, '--out', out, '--data', data)
    expect(run.code, run.stderr).to.equal(0)
    expect((await stat(out)).mode & 0o777).to.equal(0o600)
    const back = parseMispEvent(await readFile(out, 'utf8'))
    const original = parseMispEvent(await readFile(fixture('network.json'), 'utf8'))
    expect(back.Attribute.map(a => [a.uuid, a.type, a.value, a.to_ids])).to.deep.equal(original.Attribute.map(a => [a.uuid, a.type, a.value, a.to_ids]))
    const stdout = await cli('export-misp', imported.id, '--data', data)
    expect(JSON.parse(stdout.stdout).Event.uuid).to.equal(original.uuid)
  })

  it('takes --tlp, --to and --member for an AMBER+STRICT event and refuses it without them', async () => {
    const refused = await cli('import-misp', fixture('vulnerability-actor.json'), '--data', data)
    expect(refused.code).to.equal(1)
    expect(refused.stderr).to.include('MISP_MEMBERS_REQUIRED').and.include('--to')
    const [withTo, withMember] = await Promise.all([
      cli('import-misp', fixture('vulnerability-actor.json'), '--to', memberKey, '--json', '--data', data),
      cli('import-misp', fixture('vulnerability-actor.json'), '--tlp', 'red', '--member', memberKey, '--json', '--data', data)])
    expect(withTo.code, withTo.stderr).to.equal(0)
    expect(JSON.parse(withTo.stdout).policy).to.deep.include({ tlp: 'AMBER+STRICT', members: [memberKey] })
    expect(withMember.code, withMember.stderr).to.equal(0)
    expect(JSON.parse(withMember.stdout).policy.tlp).to.equal('RED')
  })

  it('refuses bad input: a malformed event and --strict exit 1 naming the problem, a bad flag exits 2', async () => {
    const [bad, strict, loose, flag] = await Promise.all([
      cli('import-misp', fixture('malformed-bad-ip.json'), '--data', data),
      cli('import-misp', fixture('phishing.json'), '--strict', '--data', data),
      cli('import-misp', fixture('phishing.json'), '--tlp', 'clear', '--data', data),
      cli('import-misp', fixture('phishing.json'), '--tlp', 'purple', '--data', data)])
    expect(bad.code).to.equal(1)
    expect(bad.stderr).to.include('MISP_INVALID at body.event.Event.Attribute[1].value')
    expect(strict.code).to.equal(1)
    expect(strict.stderr).to.include('MISP_UNMAPPED').and.include('text (1)')
    expect(loose.code).to.equal(1)
    expect(loose.stderr).to.include('STIX_TLP_TOO_LOOSE')
    expect(flag.code).to.equal(2)
    const list = JSON.parse((await cli('status', '--json', '--data', data)).stdout)
    expect(list.bundles.stored).to.equal(4)
  })
})
