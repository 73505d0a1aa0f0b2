import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { keyringPath, loadKeyring, saveKeyring } from '../../src/keys/keyring-file.js'
import { createRotationStatement } from '../../src/keys/statement.js'

describe('keys - keyring file', () => {
  let dir: string
  const old = NodeIdentity.generate()
  const next = NodeIdentity.generate()

  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'intelmesh-keyring-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('is empty when absent, and round-trips with mode 0600', async () => {
    expect(await loadKeyring(dir)).to.deep.equal([])
    await saveKeyring(dir, [{ identity: old, statement: createRotationStatement(old, next, 1000) }])
    expect((await stat(keyringPath(dir))).mode & 0o777).to.equal(0o600)
    const [entry] = await loadKeyring(dir)
    expect(entry?.identity.memberKey).to.equal(old.memberKey)
    expect(entry?.statement.newKey).to.equal(next.memberKey)
  })

  it('is refused when group or other may read it, or when an entry does not hold together', async () => {
    await saveKeyring(dir, [{ identity: old, statement: createRotationStatement(old, next, 1000) }])
    await chmod(keyringPath(dir), 0o644)
    await loadKeyring(dir).then(() => expect.fail('loaded'), err => { expect(err.code).to.equal('KEYS_KEYRING_INVALID') })
    await chmod(keyringPath(dir), 0o600)
    const file = JSON.parse(await readFile(keyringPath(dir), 'utf8'))
    file.retired[0].memberKey = next.memberKey
    await writeFile(keyringPath(dir), JSON.stringify(file), { mode: 0o600 })
    await loadKeyring(dir).then(() => expect.fail('loaded'), err => { expect(err.code).to.equal('KEYS_KEYRING_INVALID') })
  })
})
