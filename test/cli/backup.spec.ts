import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect } from 'chai'
import { SHARED_DATA } from '../api/test-node.js'
import { BIN, cliRunner, freePort } from './helpers.js'
import type { ChildProcess } from 'node:child_process'

const cli = cliRunner(60_000)

/** Starts `intelmesh start` and waits for its API. */
async function startNode (data: string): Promise<{ proc: ChildProcess, exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [BIN, 'start', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>(resolve => proc.once('exit', code => { resolve(code) }))
  let logs = ''
  proc.stdout?.on('data', chunk => { logs += String(chunk) })
  proc.stderr?.on('data', chunk => { logs += String(chunk) })
  const deadline = Date.now() + 30_000
  while (!logs.includes('api listening')) {
    if (Date.now() > deadline || proc.exitCode != null) throw new Error(`node did not start: ${logs}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return { proc, exited }
}

describe('cli - intelmesh backup and restore against a node process', function () {
  this.timeout(120_000)
  let root: string
  let data: string
  let running: { proc: ChildProcess, exited: Promise<number | null> } | undefined
  const stix = join(SHARED_DATA, 'stix-corpus/oasis-json-schemas-examples/infrastructure.json')

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'intelmesh-cli-backup-'))
    data = join(root, 'node')
    const init = await cli('init', '--data', data, '--name', 'Alpha Bank', '--jurisdiction', 'DK', '--listen', '/ip4/127.0.0.1/tcp/0', '--api', `127.0.0.1:${await freePort()}`)
    expect(init.code, init.stderr).to.equal(0)
  })
  after(async () => {
    if (running?.proc.exitCode == null) running?.proc.kill('SIGKILL')
    await rm(root, { recursive: true, force: true })
  })

  async function stopNode (): Promise<void> {
    running?.proc.kill('SIGTERM')
    expect(await running?.exited).to.equal(0)
    running = undefined
  }

  it('backs up the running node through its API, refuses to restore while it runs, restores once it is stopped', async () => {
    running = await startNode(data)
    const first = await cli('publish', stix, '--tlp', 'GREEN', '--data', data, '--json')
    expect(first.code, first.stderr).to.equal(0)
    const kept = JSON.parse(first.stdout).id as string

    const file = join(root, 'alpha.imb.gz')
    const backup = await cli('backup', '--out', file, '--data', data, '--json')
    expect(backup.code, backup.stderr).to.equal(0)
    const summary = JSON.parse(backup.stdout)
    expect(summary).to.include({ via: 'api', compressed: true, bundles: 1, file })
    expect((await stat(file)).size).to.equal(summary.bytes)
    const again = await cli('backup', '--out', file, '--data', data)
    expect(again.code).to.equal(1)
    expect(again.stderr).to.include('BACKUP_TARGET_EXISTS')

    const recorded = JSON.parse((await cli('audit', '--data', data, '--json', '--limit', '1000')).stdout)
    expect(recorded.entries.map((e: { type: string }) => e.type)).to.include('backup')
    const later = JSON.parse((await cli('publish', stix, '--tlp', 'AMBER', '--data', data, '--json')).stdout).id as string
    const whileRunning = await cli('restore', file, '--data', data)
    expect(whileRunning.code).to.equal(1)
    expect(whileRunning.stderr).to.include('BACKUP_NODE_RUNNING').and.include('stop the node')
    await stopNode()

    const offline = await cli('backup', '--out', join(root, 'offline.imb'), '--no-gzip', '--data', data, '--json')
    expect(offline.code, offline.stderr).to.equal(0)
    expect(JSON.parse(offline.stdout)).to.include({ via: 'store', compressed: false, bundles: 2 })

    const restore = await cli('restore', file, '--data', data, '--json')
    expect(restore.code, restore.stderr).to.equal(0)
    const restored = JSON.parse(restore.stdout)
    expect(restored.bundles).to.equal(1)
    expect(restored.logId).to.not.equal(restored.previousLogId)
    expect(await readdir(data)).to.include(restored.previous.split('/').pop())

    running = await startNode(data)
    const status = JSON.parse((await cli('status', '--data', data, '--json')).stdout)
    expect(status.logId).to.equal(restored.logId)
    expect(status.bundles.stored).to.equal(1)
    expect((await cli('show', kept, '--data', data)).code).to.equal(0)
    expect((await cli('show', later, '--data', data)).code).to.equal(1)
    const audit = JSON.parse((await cli('audit', '--verify', '--data', data, '--json', '--limit', '1000')).stdout)
    expect(audit.verify.ok).to.equal(true)
    // The backup's own audit record came after its snapshot: the restored chain ends with the restore.
    expect(audit.entries.map((e: { type: string }) => e.type)).to.include('restore').and.not.include('backup')
    await stopNode()
  })

  it('a damaged backup is refused naming the problem, and the data folder keeps its store', async () => {
    const bogus = join(root, 'bogus.imb')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(bogus, 'not a backup at all')
    const before = await readdir(data)
    const run = await cli('restore', bogus, '--data', data)
    expect(run.code).to.equal(1)
    expect(run.stderr).to.include('BACKUP_NOT_A_BACKUP').and.include('not an intelmesh backup')
    expect(await readdir(data)).to.deep.equal(before)
  })
})
