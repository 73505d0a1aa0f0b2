import { expect } from 'chai'
import { Store } from '../../src/store/store.js'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)
const R1 = '12D3KooWRecipientOne'
const R2 = '12D3KooWRecipientTwo'
const ORIGIN = '12D3KooWOrigin'

describe('store - delivery store', () => {
  let store: Store

  beforeEach(async () => { store = await Store.openInMemory() })
  afterEach(async () => { await store.close() })

  it('keeps one receipt per bundle and recipient, with one audit record per batch of new ones', async () => {
    const receipt = (id: string, storedAt: number) => ({ id, recipient: R1, storedAt, signature: 'ab', receivedAt: storedAt + 1 })
    const fresh = await store.deliveries.saveReceipts(R1, [receipt(A, 10), receipt(B, 11), receipt(A, 12)], { type: 'receipt', at: 20, peer: R1 })
    expect(fresh.map(r => r.id)).to.deep.equal([A, B])
    expect(await store.deliveries.saveReceipts(R1, [receipt(A, 99)], { type: 'receipt', at: 21, peer: R1 }), 'already held').to.deep.equal([])
    await store.deliveries.saveReceipts(R2, [{ ...receipt(A, 13), recipient: R2 }], { type: 'receipt', at: 22, peer: R2 })
    expect(await store.deliveries.receipts(A)).to.deep.equal([
      { id: A, recipient: R1, storedAt: 10, signature: 'ab', receivedAt: 11 },
      { id: A, recipient: R2, storedAt: 13, signature: 'ab', receivedAt: 14 }
    ])
    const audit = (await store.audit.read({ since: 0, limit: 10 })).filter(r => r.type === 'receipt')
    expect(audit.map(r => [r.peer, (r.detail as { ids: string[] }).ids])).to.deep.equal([[R1, [A, B]], [R2, [A]]])
  })

  it('keeps pending receipts per origin until they are dropped', async () => {
    await store.deliveries.keepPending([{ origin: ORIGIN, id: A, storedAt: 1, signature: 'cd' }, { origin: ORIGIN, id: B, storedAt: 2, signature: 'ef' }, { origin: R1, id: A, storedAt: 3, signature: '01' }])
    expect(await store.deliveries.pendingOrigins()).to.have.members([ORIGIN, R1])
    expect((await store.deliveries.pendingFor(ORIGIN, 1)).map(p => p.id)).to.deep.equal([A])
    expect(await store.deliveries.pendingFor(ORIGIN, 10)).to.deep.equal([{ origin: ORIGIN, id: A, storedAt: 1, signature: 'cd' }, { origin: ORIGIN, id: B, storedAt: 2, signature: 'ef' }])
    await store.deliveries.dropPending(ORIGIN, [A, B])
    expect(await store.deliveries.pendingFor(ORIGIN, 10)).to.deep.equal([])
    expect(await store.deliveries.pendingOrigins()).to.deep.equal([R1])
  })

  it('links sightings to a bundle, and forgets a bundle’s receipts and links (and nothing else)', async () => {
    await store.deliveries.linkSightings(A, B, [{ sightingId: 'sighting--1', indicator: 'indicator--1', count: 2 }])
    await store.deliveries.saveReceipts(R1, [{ id: A, recipient: R1, storedAt: 1, signature: 'ab', receivedAt: 2 }, { id: B, recipient: R1, storedAt: 1, signature: 'ab', receivedAt: 2 }], { type: 'receipt', at: 3, peer: R1 })
    expect(await store.deliveries.sightingLinks(A)).to.deep.equal([{ sightingBundle: B, sightings: [{ sightingId: 'sighting--1', indicator: 'indicator--1', count: 2 }] }])
    await store.deliveries.forget(A)
    expect(await store.deliveries.sightingLinks(A)).to.deep.equal([])
    expect(await store.deliveries.receipts(A)).to.deep.equal([])
    expect(await store.deliveries.receipts(B), 'another bundle keeps its receipts').to.have.length(1)
  })
})
