import { mkdtemp, writeFile, chmod, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { InvalidConfigError } from '../../src/config/errors.js'
import { readDefaults, readNodeConfig, createApiToken, readApiToken, tokenMatches } from '../../src/config/data-folder.js'
import { resolveConfig } from '../../src/config/resolve.js'

describe('config - resolve', () => {
  let defaults: Record<string, unknown>
  before(async () => { defaults = await readDefaults() })

  it('merges defaults, the node file and the environment, in that order', () => {
    const config = resolveConfig(defaults, { name: 'CERT-DK', jurisdiction: 'DK', api: { port: 9000 } },
      { INTELMESH_API_HOST: '127.0.0.2', INTELMESH_LISTEN: '/ip4/127.0.0.1/tcp/0, /ip4/127.0.0.1/tcp/5' })
    expect(config.api).to.deep.equal({ host: '127.0.0.2', port: 9000, bodyLimitBytes: 4194304 })
    expect(config.listen).to.deep.equal(['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/5'])
    expect(config.roles).to.deep.equal(['member'])
    expect(config.collections.length).to.be.greaterThan(0)
  })

  const cases: Array<[string, Record<string, unknown>, Record<string, string>, string]> = [
    ['missing jurisdiction', { name: 'X' }, {}, 'jurisdiction'],
    ['lower-case jurisdiction', { name: 'X', jurisdiction: 'dk' }, {}, 'jurisdiction'],
    ['unknown role', { name: 'X', jurisdiction: 'DK', roles: ['admin'] }, {}, 'roles.0'],
    ['port out of range', { name: 'X', jurisdiction: 'DK', api: { port: 70000 } }, {}, 'api.port'],
    ['unknown setting', { name: 'X', jurisdiction: 'DK', colour: 'blue' }, {}, 'colour'],
    ['bad log level', { name: 'X', jurisdiction: 'DK', logLevel: 'loud' }, {}, 'logLevel'],
    ['bad collection tlp', { name: 'X', jurisdiction: 'DK', collections: [{ id: '5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a09', title: 't', policy: { tlp: 'PINK' } }] }, {}, 'collections.0.policy.tlp'],
    ['bad port in environment', { name: 'X', jurisdiction: 'DK' }, { INTELMESH_API_PORT: 'eighty' }, 'api.port']
  ]
  for (const [title, file, env, field] of cases) {
    it(`rejects ${title}, naming the field`, () => {
      let caught: unknown
      try { resolveConfig(defaults, file, env) } catch (err) { caught = err }
      expect(caught).to.be.instanceOf(InvalidConfigError)
      expect((caught as InvalidConfigError).code).to.equal('CONFIG_INVALID')
      expect((caught as InvalidConfigError).field).to.equal(field)
    })
  }

  it('names the allowed values of an enum', () => {
    try {
      resolveConfig(defaults, { name: 'X', jurisdiction: 'DK', logLevel: 'loud' })
      expect.fail('accepted a bad log level')
    } catch (err) {
      expect((err as Error).message).to.include('"info"')
    }
  })
})

describe('config - data folder', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'intelmesh-config-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('reads the node file from the data folder', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ name: 'CERT-NL', jurisdiction: 'NL' }))
    const config = await readNodeConfig(dir, {})
    expect(config.name).to.equal('CERT-NL')
  })

  it('rejects a config file that is not JSON', async () => {
    await writeFile(join(dir, 'config.json'), '{ name: ')
    try {
      await readNodeConfig(dir, {})
      expect.fail('accepted broken JSON')
    } catch (err) {
      expect(err).to.be.instanceOf(InvalidConfigError)
    }
  })

  it('creates a 0600 token, reads it back, and refuses it once others may read it', async () => {
    const token = await createApiToken(dir)
    expect(await readApiToken(dir)).to.equal(token)
    expect(tokenMatches(token, token)).to.equal(true)
    expect(tokenMatches(token, token.slice(1))).to.equal(false)
    await chmod(join(dir, 'api-token'), 0o644)
    try {
      await readApiToken(dir)
      expect.fail('read a world-readable token')
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('SECRET_FILE_INSECURE')
    }
  })
})
