import { chmod, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { dataFolderPaths, readApiToken } from '../../src/config/data-folder.js'
import { runCli } from '../../src/cli/main.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import type { CliIo } from '../../src/cli/io.js'

/** Runs `intelmesh start` in-process, capturing what it prints. */
async function start (dataDir: string): Promise<{ code: number, err: string, out: string }> {
  let err = ''
  let out = ''
  const io: CliIo = { out: text => { out += text }, err: text => { err += text } }
  const code = await runCli(['start', '--data', dataDir], io)
  return { code, err, out }
}

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777

/**
 * The node's secrets on disk: the identity key and the API token are created
 * 0600 in a 0700 folder, and a node refuses to start from a key or token
 * file that group or others may read or write — with a message naming the
 * file and the fix, and a non-zero exit.
 */
describe('secrets - key and token files', function () {
  this.timeout(30_000)
  let dir: string

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'intelmesh-secrets-')), 'node')
    await initDataDir(dir, { name: 'Secret Firm', jurisdiction: 'DK', listen: ['/ip4/127.0.0.1/tcp/0'], api: { host: '127.0.0.1', port: 0 } })
  })
  afterEach(async () => { await rm(join(dir, '..'), { recursive: true, force: true }) })

  it('init creates the key and the token 0600, the folder and the config not readable by others', async () => {
    const paths = dataFolderPaths(dir)
    expect(await mode(paths.identity)).to.equal(0o600)
    expect(await mode(paths.token)).to.equal(0o600)
    expect(await mode(dir)).to.equal(0o700)
    expect((await mode(paths.config)) & 0o077).to.equal(0)
  })

  for (const bits of [0o644, 0o640, 0o604, 0o620, 0o660]) {
    it(`a node refuses an identity key of mode ${bits.toString(8)}`, async () => {
      const paths = dataFolderPaths(dir)
      await chmod(paths.identity, bits)
      const err = await IntelmeshNode.create({ dataDir: dir, env: {} }).then(() => undefined, (e: unknown) => e)
      expect(err).to.have.property('code', 'INSECURE_KEY_FILE')
      const run = await start(dir)
      expect(run.code).to.equal(1)
      expect(run.err).to.include(paths.identity).and.include('chmod 600').and.include('[INSECURE_KEY_FILE]')
    })

    it(`a node refuses an API token of mode ${bits.toString(8)}`, async () => {
      const paths = dataFolderPaths(dir)
      await chmod(paths.token, bits)
      const err = await readApiToken(dir).then(() => undefined, (e: unknown) => e)
      expect(err).to.have.property('code', 'SECRET_FILE_INSECURE')
      const run = await start(dir)
      expect(run.code).to.equal(1)
      expect(run.err).to.include(paths.token).and.include('chmod 600').and.include('[SECRET_FILE_INSECURE]')
    })
  }

  it('a missing key or token is a clear error too', async () => {
    const paths = dataFolderPaths(dir)
    await rm(paths.token)
    const noToken = await start(dir)
    expect(noToken.code).to.equal(1)
    expect(noToken.err).to.include('[SECRET_FILE_MISSING]')
    await initDataDir(join(dir, '..', 'other'), { name: 'Other', jurisdiction: 'DK' })
    await rm(dataFolderPaths(join(dir, '..', 'other')).identity)
    const noKey = await IntelmeshNode.create({ dataDir: join(dir, '..', 'other'), env: {} }).then(() => undefined, (e: unknown) => e)
    expect(noKey).to.have.property('code', 'IDENTITY_NOT_FOUND')
  })
})
