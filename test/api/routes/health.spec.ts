import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { pino } from 'pino'
import { createApiServer } from '../../../src/api/server.js'
import { readApiToken } from '../../../src/config/data-folder.js'
import { NODE_VERSION } from '../../../src/node/constants.js'
import { nodeReadiness } from '../../../src/node/readiness.js'
import { eventually, startMember } from '../../node/federation-helpers.js'
import { startTestNode } from '../test-node.js'
import type { TestMember } from '../../node/federation-helpers.js'
import type { TestNode } from '../test-node.js'
import type { FastifyInstance } from 'fastify'

const OTHER_KEY = '12D3KooWAHoEkEqnKzM5PXFygh2movVBCSX3k8tDsT2cneU68Gyt'

describe('api - routes/health', () => {
  describe('nodeReadiness', () => {
    const facts = { storeOpen: true, networkStarted: true, activePeers: 3, connectedActivePeers: 1, minPeers: 1 }
    const cases: Array<[string, Partial<typeof facts>, boolean, RegExp | undefined]> = [
      ['ready with one of three peers at minPeers 1', {}, true, undefined],
      ['not ready with no peer connected', { connectedActivePeers: 0 }, false, /0 of the 1 active peer/],
      ['ready with no active peer in the directory (nobody to wait for)', { activePeers: 0, connectedActivePeers: 0 }, true, undefined],
      ['ready at minPeers 0 with nobody connected', { minPeers: 0, connectedActivePeers: 0 }, true, undefined],
      ['minPeers above the active peers waits for all of them', { minPeers: 5, connectedActivePeers: 2 }, false, /2 of the 3 active peer/],
      ['minPeers above the active peers is met when all are connected', { minPeers: 5, connectedActivePeers: 3 }, true, undefined],
      ['not ready with the store closed', { storeOpen: false }, false, /store is not open/],
      ['not ready with the network stopped', { networkStarted: false }, false, /network is not started/]
    ]
    for (const [title, change, ready, reason] of cases) {
      it(title, () => {
        const result = nodeReadiness({ ...facts, ...change })
        expect(result.ready).to.equal(ready)
        if (reason == null) expect(result.reason).to.equal(undefined)
        else expect(result.reason).to.match(reason)
      })
    }
  })

  describe('one node, with fastify inject', () => {
    let t: TestNode

    beforeEach(async () => { t = await startTestNode({ name: 'Probe Firm Secret Name', jurisdiction: 'DK' }) })
    afterEach(async () => { await t.stop() })

    it('GET /healthz answers without a token and says nothing but status and version', async () => {
      const res = await t.app.inject({ url: '/healthz' })
      expect(res.statusCode).to.equal(200)
      expect(res.json()).to.deep.equal({ status: 'ok', version: NODE_VERSION })
      expect(res.headers['cache-control']).to.equal('no-store')
      for (const secret of [t.token, t.node.memberKey, 'Probe Firm']) expect(res.body).to.not.include(secret)
    })

    it('HEAD and a query string are probes too', async () => {
      expect((await t.app.inject({ method: 'HEAD', url: '/healthz' })).statusCode).to.equal(200)
      expect((await t.app.inject({ url: '/healthz?probe=kubelet' })).statusCode).to.equal(200)
      expect((await t.app.inject({ url: '/readyz?verbose' })).statusCode).to.equal(200)
    })

    it('exempts exactly the probe paths from the token: every other path and method still answers 401', async () => {
      for (const url of ['/healthz/', '/healthz/x', '/readyz/', '/healthzz', '/v1/healthz', '/v1/status', '/metrics', '/openapi.json', '/nothing', '/HEALTHZ', '/%2Fhealthz']) {
        expect((await t.app.inject({ url })).statusCode, url).to.equal(401)
      }
      for (const method of ['POST', 'PUT', 'DELETE'] as const) {
        expect((await t.app.inject({ method, url: '/healthz' })).statusCode, method).to.equal(401)
      }
    })

    it('GET /readyz is 200 with no active peer to wait for', async () => {
      const res = await t.app.inject({ url: '/readyz' })
      expect(res.statusCode).to.equal(200)
      expect(res.json()).to.deep.equal({ status: 'ready', store: 'open', network: 'started', peers: { connected: 0, required: 0 } })
    })

    it('GET /readyz is 503 with a reason while an active peer is not connected, 200 again once it is suspended', async () => {
      await t.node.addPeer({ key: OTHER_KEY, name: 'Unreachable Firm', jurisdiction: 'NL', addresses: ['/ip4/127.0.0.1/tcp/9'] })
      const res = await t.app.inject({ url: '/readyz' })
      expect(res.statusCode).to.equal(503)
      const body = res.json()
      expect(body).to.deep.include({ status: 'not_ready', store: 'open', network: 'started', peers: { connected: 0, required: 1 } })
      expect(body.reason).to.match(/0 of the 1 active peer/)
      expect(res.body).to.not.include(OTHER_KEY)
      expect(res.body).to.not.include('Unreachable')
      await t.node.updatePeer(OTHER_KEY, { status: 'suspended' })
      expect((await t.app.inject({ url: '/readyz' })).statusCode).to.equal(200)
    })

    it('GET /readyz is 503 once the node has stopped (store closed, network stopped)', async () => {
      await t.node.stop()
      const res = await t.app.inject({ url: '/readyz' })
      expect(res.statusCode).to.equal(503)
      expect(res.json()).to.deep.include({ status: 'not_ready', store: 'closed', network: 'stopped', reason: 'the store is not open' })
    })

    it('the intelmesh_ready gauge follows readiness', async () => {
      const scrape = async (): Promise<string> => (await t.app.inject({ url: '/metrics', headers: t.auth })).body
      expect(await scrape()).to.match(/^intelmesh_ready 1$/m)
      await t.node.addPeer({ key: OTHER_KEY, name: 'Unreachable Firm', jurisdiction: 'NL' })
      expect(await scrape()).to.match(/^intelmesh_ready 0$/m)
    })

    it('the OpenAPI document shows the probes without a security requirement', async () => {
      const doc = (await t.app.inject({ url: '/openapi.json', headers: t.auth })).json()
      expect(doc.paths['/healthz'].get.security).to.deep.equal([])
      expect(doc.paths['/readyz'].get.security).to.deep.equal([])
      expect(doc.paths['/v1/status'].get.security).to.equal(undefined) // the document-wide bearer requirement
    })
  })

  it('writes no access line for a probe, and one for any other request', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(line) } })
    const n = await startTestNode({ logger })
    try {
      await n.app.inject({ url: '/healthz' })
      await n.app.inject({ url: '/readyz' })
      await n.app.inject({ url: '/v1/status', headers: n.auth })
      const access = lines.map(line => JSON.parse(line) as { msg: string, route?: string }).filter(entry => entry.msg === 'request')
      expect(access.map(entry => entry.route)).to.deep.equal(['/v1/status'])
    } finally {
      await n.stop()
    }
  })

  describe('a real node and a real peer, over a real socket', function () {
    this.timeout(60_000)
    let root: string
    let a: TestMember
    let b: TestMember
    let app: FastifyInstance
    let base: string

    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'intelmesh-health-'))
      a = await startMember({ label: 'a', jurisdiction: 'DK' }, root)
      b = await startMember({ label: 'b', jurisdiction: 'NL' }, root)
      app = createApiServer({ node: a.node, token: await readApiToken(a.dataDir), logger: pino({ level: 'silent' }) })
      base = await app.listen({ host: '127.0.0.1', port: 0 })
    })
    after(async () => {
      await app.close()
      await a.node.stop()
      await b.node.stop().catch(() => {}) // stopped by the last test
      await rm(root, { recursive: true, force: true })
    })

    it('is not ready until the peer is connected, then ready; not ready again when the peer goes away', async () => {
      await a.node.addPeer({ key: b.key, name: b.name, jurisdiction: b.jurisdiction, addresses: b.node.listenAddresses() })
      const before = await fetch(`${base}/readyz`)
      // The dial may win the race against this request; if it did, readiness is already right.
      if (before.status === 503) expect((await before.json() as { peers: { required: number } }).peers.required).to.equal(1)
      await b.node.addPeer({ key: a.key, name: a.name, jurisdiction: a.jurisdiction, addresses: a.node.listenAddresses() })
      expect(await eventually(async () => (await fetch(`${base}/readyz`)).status === 200, 30_000, 100), 'ready once connected').to.equal(true)
      const ready = await (await fetch(`${base}/readyz`)).json()
      expect(ready).to.deep.equal({ status: 'ready', store: 'open', network: 'started', peers: { connected: 1, required: 1 } })
      expect((await fetch(`${base}/healthz`)).status).to.equal(200)

      await b.node.stop()
      expect(await eventually(async () => (await fetch(`${base}/readyz`)).status === 503, 30_000, 100), 'not ready once the peer is gone').to.equal(true)
      expect((await fetch(`${base}/healthz`)).status, 'still alive').to.equal(200)
    })
  })
})
