import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { expect } from 'chai'
import { createApiServer } from '../../src/api/server.js'
import { loadIdentity } from '../../src/crypto/index.js'
import { createLogger } from '../../src/node/logger.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import { eventually } from '../node/federation-helpers.js'
import { ENVELOPE_SIGNATURE_DOMAIN } from '../../src/crypto/hash.js'
import { Envelope } from '../../src/envelope/envelope.js'
import { parseFrame } from '../../src/envelope/frame.js'
import { RogueNode, offerOf } from '../adversarial/rogue-node.js'
import { newSigner, seal } from '../adversarial/arena.js'
import type { FastifyInstance, InjectOptions } from 'fastify'

/** Strings only the STIX plaintext holds: none may appear in any log line. */
const INTEL = {
  name: 'Quiet Lantern loader beacon',
  description: 'Analyst believes the Quiet Lantern crew reuses this host for staging',
  ip: '203.0.113.77',
  domain: 'lantern-c2.example.net',
  note: 'Source is a sensitive liaison contact; do not forward',
  reason: 'retracted because the liaison contact withdrew'
}

const CREATED = '2026-11-01T00:00:00.000Z'
const STIX = {
  type: 'bundle',
  id: 'bundle--6b2e0a0c-5a1f-4c3e-9a0b-2f6e8d7c1a55',
  objects: [
    { type: 'indicator', spec_version: '2.1', id: 'indicator--0b1c2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8d', created: CREATED, modified: CREATED, name: INTEL.name, description: INTEL.description, pattern: `[ipv4-addr:value = '${INTEL.ip}'] OR [domain-name:value = '${INTEL.domain}']`, pattern_type: 'stix', valid_from: CREATED },
    { type: 'note', spec_version: '2.1', id: 'note--1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', created: CREATED, modified: CREATED, content: INTEL.note, object_refs: ['indicator--0b1c2d3e-4f50-4a1b-8c2d-3e4f5a6b7c8d'] }
  ]
}

interface LoggedNode { node: IntelmeshNode, app: FastifyInstance, token: string, dir: string }

/**
 * A full run with every log line captured at trace level: two nodes and
 * their APIs; peers added, a bundle published, delivered, read, searched and
 * read over TAXII, then retracted; failed logins; a rogue's forged envelope
 * and garbage frames; the audit read; both nodes stopped. No line may hold a
 * private key (seed or X25519 secret, in base64 or hex), an API token, or any
 * string of the decrypted intel.
 */
describe('secrets - no key, token or intel in any log line', function () {
  this.timeout(60_000)
  const lines: string[] = []
  const sink = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(...chunk.toString('utf8').split('\n').filter(l => l !== '')); done() } })
  let root: string
  const nodes: LoggedNode[] = []

  async function startLogged (name: string): Promise<LoggedNode> {
    const dir = join(root, name)
    const { token } = await initDataDir(dir, { name, jurisdiction: 'DK', listen: ['/ip4/127.0.0.1/tcp/0'], api: { host: '127.0.0.1', port: 0 } })
    const logger = createLogger({ level: 'trace', name, destination: sink })
    const node = await IntelmeshNode.create({ dataDir: dir, env: {}, logger })
    await node.start()
    return { node, app: createApiServer({ node, token, logger }), token, dir }
  }

  const call = async (n: LoggedNode, options: InjectOptions): Promise<{ status: number, body: string }> => {
    const res = await n.app.inject({ ...options, headers: { authorization: `Bearer ${n.token}`, 'content-type': 'application/json', ...options.headers } })
    return { status: res.statusCode, body: res.body }
  }

  before(async () => { root = await mkdtemp(join(tmpdir(), 'intelmesh-logscan-')) })
  after(async () => { await rm(root, { recursive: true, force: true }) })

  it('holds none after publish, delivery, reads, search, TAXII, retraction, attacks and shutdown', async () => {
    const a = await startLogged('alpha')
    const b = await startLogged('bravo')
    nodes.push(a, b)
    for (const [admin, peer] of [[a, b], [b, a]] as const) {
      const added = await call(admin, { method: 'POST', url: '/v1/peers', payload: JSON.stringify({ key: peer.node.memberKey, name: 'peer', jurisdiction: 'DK', addresses: peer.node.listenAddresses() }) })
      expect(added.status).to.equal(201)
    }
    const published = await call(a, { method: 'POST', url: '/v1/bundles', payload: JSON.stringify({ stix: STIX, policy: { tlp: 'AMBER', allow: ['EU'] } }) })
    expect(published.status, published.body).to.equal(201)
    const id = (JSON.parse(published.body) as { id: string }).id
    expect(await eventually(async () => (await call(b, { url: `/v1/bundles/${id}` })).status === 200, 15_000), 'delivered').to.equal(true)
    // the content does travel where it should: the API response carries it, the logs must not
    expect((await call(b, { url: `/v1/bundles/${id}` })).body).to.include(INTEL.note)
    expect((await call(b, { url: `/v1/search?value=${INTEL.ip}` })).body).to.include(id)
    expect((await call(b, { url: `/v1/search?value=${INTEL.domain}` })).status).to.equal(200)
    const taxii = await call(b, { url: '/taxii2/api/collections/5b0c6d36-7b8f-4d3a-9a51-9c1f3f3e0a00/objects/', headers: { accept: 'application/taxii+json;version=2.1' } })
    expect(taxii.body).to.include(INTEL.name)
    await call(b, { url: '/v1/audit?verify=true' })
    await call(b, { url: '/v1/status' })
    expect((await a.app.inject({ url: '/v1/status', headers: { authorization: `Bearer ${b.token}` } })).statusCode).to.equal(401)
    expect((await a.app.inject({ url: `/v1/search?value=${INTEL.ip}`, headers: { authorization: 'Bearer nope' } })).statusCode).to.equal(401)
    // errors whose messages could quote their input
    await call(a, { method: 'POST', url: '/v1/bundles', payload: `{"stix": "${INTEL.description}`, headers: {} })
    await call(a, { method: 'POST', url: '/v1/bundles', payload: JSON.stringify({ stix: `{"type": "bundle", "note": "${INTEL.note}"`, policy: { tlp: 'GREEN' } }) })
    await call(a, { method: 'POST', url: '/v1/bundles', payload: JSON.stringify({ stix: { ...STIX, objects: [{ ...STIX.objects[0], pattern: `[ipv4-addr:value = '${INTEL.ip}'` }] }, policy: { tlp: 'GREEN' } }) })

    // a rogue member: a forged envelope and a garbage feed, both logged as rejections
    const rogue = await RogueNode.start()
    await b.node.addPeer({ key: rogue.key, name: 'rogue', jurisdiction: 'DK', addresses: rogue.addresses() })
    const genuine = seal(newSigner(await loadIdentity(a.dir)), { recipients: [b.node.memberKey, rogue.key], content: new TextEncoder().encode(JSON.stringify(STIX)) })
    const frame = parseFrame(genuine.bytes)
    const forged = Envelope.encode({ header: frame.header as Uint8Array<ArrayBuffer>, signature: rogue.identity.sign(ENVELOPE_SIGNATURE_DOMAIN, frame.header) as Uint8Array<ArrayBuffer>, ciphertext: frame.ciphertext as Uint8Array<ArrayBuffer> })
    await rogue.offer(offerOf(forged))
    expect(await eventually(() => lines.some(l => l.includes('ENVELOPE_BAD_SIGNATURE')), 10_000), 'the rejection is logged').to.equal(true)
    await rogue.stop()

    const retracted = await call(a, { method: 'POST', url: `/v1/bundles/${id}/retract`, payload: JSON.stringify({ reason: INTEL.reason }) })
    expect(retracted.status, retracted.body).to.equal(200)
    expect(await eventually(async () => (await call(b, { url: `/v1/bundles/${id}` })).status === 404, 15_000), 'retraction delivered').to.equal(true)
    for (const n of nodes) {
      await n.app.close()
      await n.node.stop()
    }

    // the run was logged, richly: the scan below has something to scan
    const parsed = lines.map(line => JSON.parse(line) as { msg?: string, level: number })
    expect(parsed.length, 'log lines').to.be.greaterThan(30)
    for (const msg of ['node started', 'request', 'envelope rejected', 'node stopped']) {
      expect(parsed.some(p => p.msg === msg), `a "${msg}" line`).to.equal(true)
    }
    expect(parsed.some(p => p.level <= 20), 'debug or trace lines').to.equal(true)

    const forbidden: Array<[string, string]> = Object.entries(INTEL).map(([k, v]) => [`intel ${k}`, v])
    for (const n of nodes) {
      const identity = await loadIdentity(n.dir)
      const seed = Buffer.from(JSON.parse(await readFile(join(n.dir, 'identity.key'), 'utf8')).seed as string, 'base64')
      const x25519 = Buffer.from(identity.x25519SecretKey)
      forbidden.push(
        ['token', n.token],
        ['seed base64', seed.toString('base64')], ['seed base64url', seed.toString('base64url')], ['seed hex', seed.toString('hex')],
        ['x25519 secret base64', x25519.toString('base64')], ['x25519 secret hex', x25519.toString('hex')]
      )
    }
    const log = lines.join('\n')
    for (const [what, secret] of forbidden) {
      const at = log.indexOf(secret)
      expect(at, `${what} found in a log line: ${at < 0 ? '' : log.slice(Math.max(0, at - 200), at + 50)}`).to.equal(-1)
    }
  })
})
