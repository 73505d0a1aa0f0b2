import { expect } from 'chai'
import { pino } from 'pino'
import { RECEIPT_PROTOCOL } from '../../src/replication/constants.js'
import { ReceiptOutbox } from '../../src/replication/receipt-outbox.js'
import { ReceiptServer } from '../../src/replication/receipt-server.js'
import { signReceipt } from '../../src/replication/receipt.js'
import { Store } from '../../src/store/store.js'
import { NodeIdentity } from '../../src/crypto/identity.js'
import { eventually } from '../node/federation-helpers.js'
import { defaultGroups, fillStore, networkMesh, policy } from './fixtures.js'
import type { TestNet } from './fixtures.js'

const silent = pino({ level: 'silent' })

/**
 * The recipient's outbox against a real origin (receipt server, store) over
 * real libp2p on 127.0.0.1: receipts leave in batches per origin, wait in
 * the store while the origin is unreachable, and leave again on connect.
 */
describe('replication - receipt outbox', function () {
  this.timeout(30_000)
  let nets: TestNet[]
  let stopNets: () => Promise<void>
  let originStore: Store
  let recipientStore: Store
  let ids: string[]
  let batches: number[]
  let reachable: boolean
  let restoring: boolean
  let strikes: string[]
  let outbox: ReceiptOutbox

  beforeEach(async () => {
    const mesh = await networkMesh(2)
    nets = mesh.nets
    stopNets = mesh.stop
    const [recipient, origin] = nets as [TestNet, TestNet]
    originStore = await Store.openInMemory()
    recipientStore = await Store.openInMemory()
    ids = await fillStore(originStore, { count: 300, origin: origin.key, recipients: [origin.key, recipient.key], policy: policy({ tlp: 'GREEN' }, await defaultGroups()) })
    batches = []
    restoring = false
    strikes = []
    const server = new ReceiptServer({ store: originStore, self: origin.key, now: Date.now, logger: silent, penalise: (_, code) => { strikes.push(code) }, onReceipts: (_, receipts) => { batches.push(receipts.length) }, restoring: () => restoring })
    await origin.network.handle(RECEIPT_PROTOCOL, async (stream, peer) => server.serve(stream, peer))
    reachable = true
    outbox = new ReceiptOutbox({
      store: recipientStore,
      openStream: async (peer, protocol, options) => recipient.network.openStream(peer, protocol, options),
      connectedPeers: () => reachable ? recipient.network.connectedPeers() : [],
      logger: silent
    }, { flushMs: 100 })
    outbox.start()
  })

  afterEach(async () => {
    await outbox.stop()
    await stopNets()
    await originStore.close()
    await recipientStore.close()
  })

  it('sends the receipts of a burst as one batch after the interval', async () => {
    const [recipient, origin] = nets as [TestNet, TestNet]
    for (const id of ids.slice(0, 5)) outbox.add(origin.key, signReceipt(recipient.identity, id, Date.now()))
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(batches, 'nothing before the interval').to.deep.equal([])
    expect(await eventually(() => batches.length > 0, 5_000)).to.equal(true)
    expect(batches).to.deep.equal([5])
    expect((await originStore.deliveries.receipts(ids[0]!)).map(r => r.recipient)).to.deep.equal([recipient.key])
  })

  it('sends a full batch at once, without waiting for the interval', async () => {
    const [recipient, origin] = nets as [TestNet, TestNet]
    const slow = new ReceiptOutbox({
      store: recipientStore,
      openStream: async (peer, protocol, options) => recipient.network.openStream(peer, protocol, options),
      connectedPeers: () => recipient.network.connectedPeers(),
      logger: silent
    }, { flushMs: 60_000, batchMax: 256 })
    slow.start()
    try {
      for (const id of ids.slice(0, 256)) slow.add(origin.key, signReceipt(recipient.identity, id, Date.now()))
      expect(await eventually(() => batches.length > 0, 5_000)).to.equal(true)
      expect(batches).to.deep.equal([256])
    } finally {
      await slow.stop()
    }
  })

  it('sends a full batch alone: the receipts of other origins wait for the interval', async () => {
    const [recipient, origin] = nets as [TestNet, TestNet]
    const elsewhere = NodeIdentity.generate().memberKey
    const opened: string[] = []
    const slow = new ReceiptOutbox({
      store: recipientStore,
      openStream: async (peer, protocol, options) => {
        opened.push(peer)
        return await recipient.network.openStream(peer, protocol, options)
      },
      connectedPeers: () => [...recipient.network.connectedPeers(), elsewhere],
      logger: silent
    }, { flushMs: 60_000, batchMax: 4 })
    slow.start()
    try {
      // 3 for the origin, then 1 for another member: 4 waiting in all, but no batch is full.
      for (const id of ids.slice(0, 3)) slow.add(origin.key, signReceipt(recipient.identity, id, Date.now()))
      slow.add(elsewhere, signReceipt(recipient.identity, ids[3]!, Date.now()))
      await new Promise(resolve => setTimeout(resolve, 300))
      expect(opened, 'no batch was full').to.deep.equal([])
      slow.add(origin.key, signReceipt(recipient.identity, ids[4]!, Date.now()))
      expect(await eventually(() => batches.length > 0, 5_000)).to.equal(true)
      expect(batches).to.deep.equal([4])
      expect(opened, 'only the full batch left').to.deep.equal([origin.key])
    } finally {
      await slow.stop()
    }
    expect((await recipientStore.deliveries.pendingFor(elsewhere, 10)).map(k => k.id), 'the other member\'s receipt is kept for later').to.deep.equal([ids[3]])
  })

  it('an origin restoring from a backup leaves a batch naming bundles it lacks unacknowledged: kept, sent again, nobody struck', async () => {
    const [recipient, origin] = nets as [TestNet, TestNet]
    restoring = true
    // One bundle the origin holds, one it does not (its own later publication, not back yet).
    const lacking = Buffer.alloc(32, 7).toString('hex')
    outbox.add(origin.key, signReceipt(recipient.identity, ids[0]!, Date.now()))
    outbox.add(origin.key, signReceipt(recipient.identity, lacking, Date.now()))
    expect(await eventually(async () => (await recipientStore.deliveries.pendingFor(origin.key, 10)).length === 2, 5_000), 'kept by the recipient').to.equal(true)
    expect(strikes, 'nobody struck').to.deep.equal([])
    expect(batches, 'nothing stored').to.deep.equal([])
    // Caught up: the kept batch goes again; what the origin holds is stored, what it never held is refused.
    restoring = false
    outbox.connected(origin.key)
    expect(await eventually(async () => (await recipientStore.deliveries.pendingFor(origin.key, 10)).length === 0, 5_000), 'acknowledged').to.equal(true)
    expect(batches).to.deep.equal([1])
    expect(strikes).to.deep.equal(['RECEIPT_UNKNOWN_BUNDLE'])
    expect((await originStore.deliveries.receipts(ids[0]!)).map(r => r.recipient)).to.deep.equal([recipient.key])
  })

  it('keeps receipts while the origin is unreachable and delivers them when it connects', async () => {
    const [recipient, origin] = nets as [TestNet, TestNet]
    reachable = false
    for (const id of ids) outbox.add(origin.key, signReceipt(recipient.identity, id, Date.now()))
    expect(await eventually(async () => (await recipientStore.deliveries.pendingFor(origin.key, 1000)).length === 300, 5_000), 'kept').to.equal(true)
    expect(batches).to.deep.equal([])
    reachable = true
    outbox.connected(origin.key)
    expect(await eventually(async () => (await recipientStore.deliveries.pendingFor(origin.key, 1000)).length === 0, 10_000), 'acknowledged and dropped').to.equal(true)
    expect(batches.reduce((a, b) => a + b, 0)).to.equal(300)
    expect(batches.length, 'at most 256 receipts a frame').to.equal(2)
    expect(await originStore.deliveries.receipts(ids[299]!)).to.have.length(1)
  })
})
