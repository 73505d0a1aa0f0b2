import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { IdentityExistsError, IdentityMalformedError, IdentityNotFoundError, InsecureKeyFileError } from '../../src/crypto/errors.js'
import { NodeIdentity } from '../../src/crypto/identity.js'
import { identityPath, loadIdentity, saveIdentity } from '../../src/crypto/identity-file.js'

async function rejection (promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe('crypto - identity-file', () => {
  let dir: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'intelmesh-identity-'))
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('saves with mode 0600 and loads the same identity', async () => {
    const identity = NodeIdentity.generate()
    await saveIdentity(dir, identity)
    const info = await stat(identityPath(dir))
    expect(info.mode & 0o777).to.equal(0o600)
    const loaded = await loadIdentity(dir)
    expect(loaded.memberKey).to.equal(identity.memberKey)
    expect(Buffer.from(loaded.exportSeed()).equals(Buffer.from(identity.exportSeed()))).to.equal(true)
    expect(await readdir(dir)).to.deep.equal(['identity.key'])
  })

  it('writes the documented JSON form', async () => {
    const identity = NodeIdentity.generate()
    await saveIdentity(dir, identity)
    const file = JSON.parse(await readFile(identityPath(dir), 'utf8'))
    expect(file).to.have.keys('type', 'seed', 'memberKey')
    expect(file.type).to.equal('ed25519')
    expect(file.memberKey).to.equal(identity.memberKey)
    expect(Buffer.from(file.seed, 'base64')).to.have.length(32)
  })

  it('refuses to replace an existing identity unless told to', async () => {
    const first = NodeIdentity.generate()
    const second = NodeIdentity.generate()
    await saveIdentity(dir, first)
    expect(await rejection(saveIdentity(dir, second))).to.be.instanceOf(IdentityExistsError)
    expect((await loadIdentity(dir)).memberKey).to.equal(first.memberKey)
    await saveIdentity(dir, second, { overwrite: true })
    expect((await loadIdentity(dir)).memberKey).to.equal(second.memberKey)
    expect((await stat(identityPath(dir))).mode & 0o777).to.equal(0o600)
    expect(await readdir(dir)).to.deep.equal(['identity.key'])
  })

  for (const mode of [0o644, 0o640, 0o604, 0o660, 0o700]) {
    it(`refuses a file with mode ${mode.toString(8)}`, async () => {
      if (mode === 0o700) {
        // Owner-only execute bit is not group/other access: still accepted.
        await saveIdentity(dir, NodeIdentity.generate())
        await chmod(identityPath(dir), mode)
        await loadIdentity(dir)
        return
      }
      await saveIdentity(dir, NodeIdentity.generate())
      await chmod(identityPath(dir), mode)
      const err = await rejection(loadIdentity(dir))
      expect(err).to.be.instanceOf(InsecureKeyFileError)
      expect((err as InsecureKeyFileError).code).to.equal('INSECURE_KEY_FILE')
      expect((err as InsecureKeyFileError).path).to.equal(identityPath(dir))
      expect((err as InsecureKeyFileError).mode).to.equal(mode)
      expect((err as Error).message).to.include(identityPath(dir))
    })
  }

  it('a missing file is IdentityNotFoundError', async () => {
    const err = await rejection(loadIdentity(dir))
    expect(err).to.be.instanceOf(IdentityNotFoundError)
    expect((err as IdentityNotFoundError).code).to.equal('IDENTITY_NOT_FOUND')
  })

  const malformed: Array<[string, string]> = [
    ['not JSON', 'not json'],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['wrong type', JSON.stringify({ type: 'rsa', seed: Buffer.alloc(32).toString('base64') })],
    ['seed missing', JSON.stringify({ type: 'ed25519' })],
    ['seed not a string', JSON.stringify({ type: 'ed25519', seed: 42 })],
    ['seed too short', JSON.stringify({ type: 'ed25519', seed: Buffer.alloc(31).toString('base64') })],
    ['seed with junk characters', JSON.stringify({ type: 'ed25519', seed: `${Buffer.alloc(32, 1).toString('base64')}!!` })],
    ['member key of another seed', JSON.stringify({ type: 'ed25519', seed: Buffer.alloc(32, 1).toString('base64'), memberKey: NodeIdentity.generate().memberKey })],
    ['oversized', 'x'.repeat(5000)]
  ]
  for (const [name, body] of malformed) {
    it(`a malformed file (${name}) is IdentityMalformedError`, async () => {
      await writeFile(identityPath(dir), body, { mode: 0o600 })
      const err = await rejection(loadIdentity(dir))
      expect(err).to.be.instanceOf(IdentityMalformedError)
      expect((err as IdentityMalformedError).code).to.equal('IDENTITY_MALFORMED')
    })
  }

  it('a file without memberKey still loads (memberKey is informative)', async () => {
    const seed = Buffer.alloc(32, 7)
    await writeFile(identityPath(dir), JSON.stringify({ type: 'ed25519', seed: seed.toString('base64') }), { mode: 0o600 })
    expect((await loadIdentity(dir)).memberKey).to.equal(NodeIdentity.fromSeed(seed).memberKey)
  })

  it('creates a missing data folder', async () => {
    const nested = join(dir, 'a', 'b')
    await saveIdentity(nested, NodeIdentity.generate())
    expect((await stat(identityPath(nested))).mode & 0o777).to.equal(0o600)
  })
})
