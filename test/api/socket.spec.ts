import { expect } from 'chai'
import { corpusBundle, startTestNode } from './test-node.js'
import type { TestNode } from './test-node.js'

/** Reads a server-sent-events response until an `event: bundle` arrives; returns its data. */
async function nextBundleEvent (res: Response, timeoutMs: number): Promise<Record<string, unknown>> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + timeoutMs
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
      const m = /event: bundle\nid: \d+\ndata: (.*)\n\n/.exec(text)
      if (m != null) return JSON.parse(m[1] ?? '{}')
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  throw new Error(`no bundle event within ${timeoutMs} ms; got: ${text}`)
}

describe('api - over a real socket', function () {
  this.timeout(30_000)
  let a: TestNode
  let b: TestNode
  let baseA: string
  let baseB: string

  before(async () => {
    a = await startTestNode({ name: 'Alpha', jurisdiction: 'DK' })
    b = await startTestNode({ name: 'Bravo', jurisdiction: 'NL' })
    baseA = await a.app.listen({ host: '127.0.0.1', port: 0 })
    baseB = await b.app.listen({ host: '127.0.0.1', port: 0 })
  })
  after(async () => {
    await a?.stop()
    await b?.stop()
  })

  const call = async (base: string, t: TestNode, path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${base}${path}`, { ...init, headers: { ...t.auth, ...(init.body == null ? {} : { 'content-type': 'application/json' }), ...(init.headers as Record<string, string> | undefined) } })

  it('serves JSON with the token and refuses without it', async () => {
    const ok = await call(baseA, a, '/v1/status')
    expect(ok.status).to.equal(200)
    expect((await ok.json() as { name: string }).name).to.equal('Alpha')
    expect((await fetch(`${baseA}/v1/status`)).status).to.equal(401)
  })

  it('lets admins add each other by key, then delivers a published bundle to the peer live over SSE', async () => {
    const statusA = await (await call(baseA, a, '/v1/status')).json() as { memberKey: string, listen: string[] }
    const statusB = await (await call(baseB, b, '/v1/status')).json() as { memberKey: string, listen: string[] }
    const addB = await call(baseA, a, '/v1/peers', { method: 'POST', body: JSON.stringify({ key: statusB.memberKey, name: 'Bravo', jurisdiction: 'NL', addresses: statusB.listen }) })
    expect(addB.status).to.equal(201)
    const addA = await call(baseB, b, '/v1/peers', { method: 'POST', body: JSON.stringify({ key: statusA.memberKey, name: 'Alpha', jurisdiction: 'DK', addresses: statusA.listen }) })
    expect(addA.status).to.equal(201)

    const events = await call(baseB, b, '/v1/events', { headers: { accept: 'text/event-stream' } })
    expect(events.status).to.equal(200)
    expect(events.headers.get('content-type')).to.match(/^text\/event-stream/)

    const stix = await corpusBundle('oasis-cti-documentation/malware-indicator-for-file-hash.json')
    const published = await call(baseA, a, '/v1/bundles', { method: 'POST', body: JSON.stringify({ stix, policy: { tlp: 'GREEN' } }) })
    expect(published.status).to.equal(201)
    const { id, recipients } = await published.json() as { id: string, recipients: Array<{ key: string }> }
    expect(recipients.map(r => r.key)).to.include(statusB.memberKey)

    const view = await nextBundleEvent(events, 20_000)
    expect(view).to.include({ id, origin: statusA.memberKey, kind: 'INTEL' })

    const read = await call(baseB, b, `/v1/bundles/${id}`)
    expect(read.status).to.equal(200)
    const body = await read.json() as { stix: { objects: unknown[] }, from: string }
    expect(body.stix.objects).to.have.length(stix.objects.length)

    // Only the origin may retract: Bravo holds the bundle but gets 403.
    const refused = await call(baseB, b, `/v1/bundles/${id}/retract`, { method: 'POST', body: '{}' })
    expect(refused.status).to.equal(403)
    expect((await refused.json() as { error: { code: string } }).error.code).to.equal('NOT_ORIGIN')
  })

  it('serves Prometheus metrics over HTTP', async () => {
    const res = await call(baseA, a, '/metrics')
    expect(res.status).to.equal(200)
    expect(await res.text()).to.include('intelmesh_bundles_stored_total')
  })

  it('closes cleanly while an event stream is open', async () => {
    const t = await startTestNode()
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    const res = await call(base, t, '/v1/events')
    expect(res.status).to.equal(200)
    const started = Date.now()
    await t.stop()
    expect(Date.now() - started).to.be.lessThan(5000)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let done = false
    while (!done) done = (await reader.read()).done
  })
})
