import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { REPO, readUnit } from './unit-file.js'

const UNIT = join(REPO, 'deploy/intelmesh.service')
const SYSUSERS = join(REPO, 'deploy/intelmesh.sysusers.conf')
const INSTALLED = '/opt/intelmesh'
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze'
const SYSTEMD_SYSUSERS = '/usr/bin/systemd-sysusers'

describe('deploy - systemd unit', () => {
  const unit = readUnit(UNIT)
  const service = unit.get('Service') ?? new Map<string, string[]>()
  const one = (key: string): string | undefined => service.get(key)?.at(-1)

  it('runs the installed Node 24 on the installed sources, with the data folder in /var/lib/intelmesh', () => {
    const exec = (one('ExecStart') ?? '').split(/\s+/)
    expect(exec.slice(0, 2)).to.deep.equal([`${INSTALLED}/node_modules/node/bin/node`, `${INSTALLED}/bin/intelmesh.js`])
    expect(exec.slice(2)).to.deep.equal(['start', '--data', '/var/lib/intelmesh'])
    // The same paths exist in this checkout, which is what gets installed at /opt/intelmesh.
    for (const path of exec.slice(0, 2)) expect(existsSync(path.replace(INSTALLED, REPO)), path).to.equal(true)
  })

  it('is hardened: own user, state directory, no privileges, read-only system, narrow syscalls and sockets', () => {
    const expected: Record<string, string> = {
      User: 'intelmesh',
      StateDirectory: 'intelmesh',
      StateDirectoryMode: '0700',
      UMask: '0077',
      NoNewPrivileges: 'yes',
      CapabilityBoundingSet: '',
      AmbientCapabilities: '',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      ProtectKernelTunables: 'yes',
      ProtectKernelModules: 'yes',
      ProtectControlGroups: 'yes',
      RestrictNamespaces: 'yes',
      RestrictSUIDSGID: 'yes',
      LockPersonality: 'yes',
      SystemCallArchitectures: 'native',
      Restart: 'on-failure',
      KillSignal: 'SIGTERM'
    }
    for (const [key, value] of Object.entries(expected)) expect(one(key), key).to.equal(value)
    expect(service.get('SystemCallFilter')).to.deep.equal(['@system-service', '~@privileged'])
    expect((one('RestrictAddressFamilies') ?? '').split(/\s+/).sort()).to.deep.equal(['AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_UNIX'])
    expect(Number.parseInt(one('TimeoutStopSec') ?? '', 10), 'TimeoutStopSec: a clean stop, not the 90 s default').to.be.within(10, 60)
  })

  it('leaves MemoryDenyWriteExecute off: V8 JIT needs pages that become executable', () => {
    expect(service.has('MemoryDenyWriteExecute')).to.equal(false)
  })

  it('passes systemd-analyze verify, with an exposure score of at most 2.0 (systemd-analyze security)', async function () {
    if (!existsSync(SYSTEMD_ANALYZE)) {
      console.log(`      skipped: ${SYSTEMD_ANALYZE} is not installed here`)
      this.skip()
    }
    this.timeout(30_000)
    const dir = await mkdtemp(join(tmpdir(), 'intelmesh-unit-'))
    try {
      // verify checks that ExecStart's program exists: point it at this checkout.
      const copy = join(dir, 'intelmesh.service')
      await writeFile(copy, (await readFile(UNIT, 'utf8')).replaceAll(INSTALLED, REPO))
      const verify = spawnSync(SYSTEMD_ANALYZE, ['verify', copy], { encoding: 'utf8' })
      expect(verify.stderr.trim(), 'verify warnings').to.equal('')
      expect(verify.status, 'verify exit code').to.equal(0)
      const security = spawnSync(SYSTEMD_ANALYZE, ['security', '--offline=true', '--threshold=20', '--no-pager', copy], { encoding: 'utf8' })
      const score = /Overall exposure level for \S+: ([\d.]+)/.exec(security.stdout)?.[1]
      expect(security.status, `exposure ${score ?? '?'}`).to.equal(0)
      expect(Number(score)).to.be.at.most(2.0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('its sysusers.d file creates the system user the unit runs as', async function () {
    if (!existsSync(SYSTEMD_SYSUSERS)) {
      console.log(`      skipped: ${SYSTEMD_SYSUSERS} is not installed here`)
      this.skip()
    }
    const root = await mkdtemp(join(tmpdir(), 'intelmesh-sysusers-'))
    try {
      await mkdir(join(root, 'etc'))
      const run = spawnSync(SYSTEMD_SYSUSERS, [`--root=${root}`, '-'], { input: await readFile(SYSUSERS), encoding: 'utf8' })
      expect(run.status, run.stderr).to.equal(0)
      const passwd = await readFile(join(root, 'etc/passwd'), 'utf8')
      expect(passwd).to.match(/^intelmesh:x:\d+:\d+:intelmesh node:\/var\/lib\/intelmesh:\/usr\/sbin\/nologin$/m)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
