import { expect } from 'chai'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readBackup } from '../../../src/backup/index.js'
import { indicatorBundle } from '../../fixtures/stix-factory.js'
import { startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

describe('api - POST /v1/admin/backup', function () {
  this.timeout(30_000)
  let t: TestNode

  beforeEach(async () => {
    t = await startTestNode()
    for (let n = 0; n < 3; n++) await t.node.publish({ stix: indicatorBundle(n, { label: 'admin' }).stix, policy: { tlp: 'GREEN' } })
  })
  afterEach(async () => { await t.stop() })

  for (const [label, payload, gzip] of [['no body', undefined, true], ['{}', {}, true], ['{ gzip: false }', { gzip: false }, false]] as const) {
    it(`streams a verifiable backup of the running node (${label})`, async () => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/admin/backup', headers: t.auth, ...(payload === undefined ? {} : { payload }) })
      expect(res.statusCode, res.body).to.equal(200)
      expect(res.headers['content-type']).to.equal('application/octet-stream')
      expect(res.headers['x-intelmesh-backup-bundles']).to.equal('3')
      const file = join(t.dir, 'api.imb')
      await writeFile(file, res.rawPayload)
      const parsed = await readBackup(file)
      expect(parsed.compressed).to.equal(gzip)
      expect(parsed.header).to.include({ memberKey: t.node.memberKey, logId: (await t.node.status()).logId })
      expect(parsed.header.counts.bundles).to.equal(3)
      const audit = await t.node.audit({ limit: 1000 })
      expect(audit.at(-1)?.type).to.equal('backup')
    })
  }

  it('refuses an unknown body field and a missing token', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/v1/admin/backup', headers: t.auth, payload: { gzip: 'yes', extra: 1 } })
    expect(bad.statusCode).to.equal(400)
    expect(bad.json().error.code).to.equal('VALIDATION_FAILED')
    const anonymous = await t.app.inject({ method: 'POST', url: '/v1/admin/backup', payload: {} })
    expect(anonymous.statusCode).to.equal(401)
  })
})
