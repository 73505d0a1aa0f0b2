import { expect } from 'chai'
import { createApiServer } from '../../../src/api/server.js'
import { corpusBundle, startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

/** Parses a server-sent-events text into its events. */
function parseEvents (text: string): Array<{ event?: string, id?: string, data?: string }> {
  return text.split('\n\n').filter(block => block.trim() !== '').map(block => {
    const out: { event?: string, id?: string, data?: string } = {}
    for (const line of block.split('\n')) {
      const m = /^(event|id|data): (.*)$/.exec(line)
      if (m != null) out[m[1] as 'event' | 'id' | 'data'] = m[2]
    }
    return out
  }).filter(e => e.event != null)
}

describe('api - routes/events', () => {
  let t: TestNode

  before(async () => { t = await startTestNode() })
  after(async () => { await t.stop() })

  it('streams a newly published bundle as `event: bundle`, then ends cleanly on server close', async () => {
    // A second server on the same node: closing it ends its streams, which completes inject().
    const app = createApiServer({ node: t.node, token: t.token })
    await app.ready()
    const streaming = app.inject({ url: '/v1/events', headers: t.auth })
    await new Promise(resolve => setTimeout(resolve, 200))
    const stix = await corpusBundle('oasis-json-schemas-examples/indicator-for-c2-ip-address.json')
    const published = await t.node.publish({ stix, policy: { tlp: 'GREEN' } })
    await new Promise(resolve => setTimeout(resolve, 50))
    await app.close()
    const res = await streaming
    expect(res.statusCode).to.equal(200)
    expect(res.headers['content-type']).to.match(/^text\/event-stream/)
    const events = parseEvents(res.body)
    expect(events).to.have.length(1)
    expect(events[0]?.event).to.equal('bundle')
    const view = JSON.parse(events[0]?.data ?? '{}')
    expect(view).to.include({ id: published.id, kind: 'INTEL', tlp: 'GREEN' })
    expect(view).to.not.have.property('stix')
    expect(events[0]?.id).to.equal(String(view.pos))
  })

  it('replays what a client missed when it reconnects with Last-Event-ID', async () => {
    const stix = await corpusBundle('oasis-json-schemas-examples/indicator-to-campaign-relationship.json')
    const second = await t.node.publish({ stix, policy: { tlp: 'GREEN' } })
    const app = createApiServer({ node: t.node, token: t.token })
    await app.ready()
    const streaming = app.inject({ url: '/v1/events', headers: { ...t.auth, 'last-event-id': '1' } })
    await new Promise(resolve => setTimeout(resolve, 200))
    await app.close()
    const events = parseEvents((await streaming).body)
    expect(events.map(e => JSON.parse(e.data ?? '{}').id)).to.deep.equal([second.id])
  })

  it('answers 400 for a malformed Last-Event-ID and 401 without the token', async () => {
    const bad = await t.app.inject({ url: '/v1/events', headers: { ...t.auth, 'last-event-id': 'yesterday' } })
    expect(bad.statusCode).to.equal(400)
    expect(bad.json().error.field).to.equal('headers.last-event-id')
    expect((await t.app.inject({ url: '/v1/events' })).statusCode).to.equal(401)
  })

  it('removes its listeners when the stream ends', async () => {
    const app = createApiServer({ node: t.node, token: t.token })
    let added = 0
    let removed = 0
    const target = t.node.events
    const add = target.addEventListener.bind(target)
    const remove = target.removeEventListener.bind(target)
    target.addEventListener = (...args: Parameters<EventTarget['addEventListener']>) => { added++; add(...args) }
    target.removeEventListener = (...args: Parameters<EventTarget['removeEventListener']>) => { removed++; remove(...args) }
    try {
      await app.ready()
      const streaming = app.inject({ url: '/v1/events', headers: t.auth })
      await new Promise(resolve => setTimeout(resolve, 200))
      await app.close()
      await streaming
    } finally {
      target.addEventListener = add
      target.removeEventListener = remove
    }
    // bundle, retracted, receipt and rotation (docs/key-lifecycle.md)
    expect(added).to.equal(4)
    expect(removed).to.equal(4)
  })
})
