import { spawn } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { SHARED_DATA } from '../api/test-node.js'
import { BIN, cliRunner, freePort } from '../cli/helpers.js'
import type { ChildProcess } from 'node:child_process'

const cli = cliRunner(30_000)

/**
 * The key lifecycle through the real binary and a real node process: compromise a peer and
 * read its exposure report, refuse bad input with a typed error, rotate the node's own key
 * (the process restarts itself under the new key) and still read what was sealed to the old one.
 */
describe('keys - cli against a node process', function () {
  this.timeout(90_000)
  let root: string
  let data: string
  let node: ChildProcess | undefined
  let logs = ''
  const peer = NodeIdentity.generate().memberKey
  const file = join(SHARED_DATA, 'stix-corpus/oasis-json-schemas-examples/infrastructure.json')

  const waitForLog = async (text: string, count: number): Promise<void> => {
    const deadline = Date.now() + 30_000
    while (logs.split(text).length - 1 < count) {
      if (Date.now() > deadline || node?.exitCode != null) throw new Error(`no "${text}" (x${count}) in: ${logs}`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'intelmesh-keys-cli-'))
    data = join(root, 'node')
    const init = await cli('init', '--data', data, '--name', 'Alpha Bank', '--jurisdiction', 'DK', '--listen', '/ip4/127.0.0.1/tcp/0', '--api', `127.0.0.1:${await freePort()}`, '--json')
    expect(init.code, init.stderr).to.equal(0)
    node = spawn(process.execPath, [BIN, 'start', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] })
    node.stdout?.on('data', chunk => { logs += String(chunk) })
    node.stderr?.on('data', chunk => { logs += String(chunk) })
    await waitForLog('api listening', 1)
  })

  after(async () => {
    if (node?.exitCode == null) node?.kill('SIGKILL')
    await rm(root, { recursive: true, force: true })
  })

  it('compromise, exposure, bad input, then a rotation with an in-process restart', async () => {
    expect((await cli('peers', 'add', peer, '--name', 'Beta', '--jurisdiction', 'FR', '--data', data)).code).to.equal(0)
    const published = await cli('publish', file, '--tlp', 'GREEN', '--data', data, '--json')
    expect(published.code, published.stderr).to.equal(0)
    const bundleId = (JSON.parse(published.stdout) as { id: string, recipients: Array<{ key: string }> }).id
    expect((JSON.parse(published.stdout) as { recipients: Array<{ key: string }> }).recipients.map(r => r.key)).to.include(peer)

    const marked = await cli('peers', 'compromise', peer, '--data', data, '--json')
    expect(marked.code, marked.stderr).to.equal(0)
    expect(JSON.parse(marked.stdout)).to.include({ key: peer, status: 'compromised' })

    const exposure = await cli('audit', '--exposure', peer, '--data', data, '--json')
    expect(exposure.code, exposure.stderr).to.equal(0)
    const report = JSON.parse(exposure.stdout) as { bundles: Array<{ id: string, paths: string[] }>, totals: Record<string, number> }
    expect(report.bundles.map(b => [b.id, b.paths])).to.deep.equal([[bundleId, ['listed']]])
    const table = await cli('audit', '--exposure', peer, '--data', data)
    expect(table.stdout).to.include(bundleId)

    const noPending = await cli('peers', 'accept-rotation', peer, '--data', data)
    expect(noPending.code).to.equal(1)
    expect(noPending.stderr).to.include('[KEYS_NO_PENDING_ROTATION]')
    const rotations = await cli('peers', 'rotations', '--data', data, '--json')
    expect(JSON.parse(rotations.stdout)).to.deep.equal([])

    const rotated = await cli('keys', 'rotate', '--reason', 'yearly', '--data', data, '--json')
    expect(rotated.code, rotated.stderr).to.equal(0)
    const rotation = JSON.parse(rotated.stdout) as { oldKey: string, newKey: string, restartRequired: boolean }
    expect(rotation.restartRequired).to.equal(true)
    await waitForLog('api listening', 2)
    const status = await cli('status', '--data', data, '--json')
    expect(JSON.parse(status.stdout)).to.include({ memberKey: rotation.newKey })
    expect((await stat(join(data, 'keyring.json'))).mode & 0o777).to.equal(0o600)
    // Sealed to the old key, read by its holder under the new one.
    const shown = await cli('show', bundleId, '--data', data, '--json')
    expect(shown.code, shown.stderr).to.equal(0)
    expect(JSON.parse(shown.stdout)).to.have.nested.property('stix.type', 'bundle')
    const peers = JSON.parse((await cli('peers', 'list', '--data', data, '--json')).stdout) as Array<{ key: string, status: string, successor?: string }>
    expect(peers.find(p => p.key === rotation.oldKey)).to.include({ status: 'retired', successor: rotation.newKey })
    // The process log names keys only, never the private keys.
    const seeds = logs.match(/"seed"/g)
    expect(seeds).to.equal(null)
  })
})
