import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { framed } from '../../src/network/index.js'
import { RECEIPT_PROTOCOL } from '../../src/replication/constants.js'
import { ReceiptAck, ReceiptBatch } from '../../src/replication/messages.js'
import { signReceipt } from '../../src/replication/receipt.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { RawPeer } from '../replication/raw-peer.js'
import { auditRecords, connected, eventually, holds, restartMember, useFederation } from './federation-helpers.js'
import type { DeliveryStatus } from '../../src/node/types.js'
import type { TestMember } from './federation-helpers.js'

/** The status of one recipient in the origin's delivery view. */
async function statusOf (origin: TestMember, id: string, recipient: TestMember | string): Promise<DeliveryStatus['recipients'][number] | undefined> {
  const key = typeof recipient === 'string' ? recipient : recipient.key
  return (await origin.node.deliveries(id)).recipients.find(r => r.key === key)
}

async function delivered (origin: TestMember, id: string, recipient: TestMember | string, timeoutMs = 10_000): Promise<boolean> {
  return await eventually(async () => (await statusOf(origin, id, recipient))?.status === 'delivered', timeoutMs)
}

/** Sends one raw receipt batch to `to` and reads the acknowledgement. */
async function sendRaw (peer: RawPeer, to: string, receipts: Array<{ id: string, storedAt: number, signature: Uint8Array }>): Promise<{ accepted: number, refused: Array<{ id: string, code: string }> }> {
  const stream = await peer.network.openStream(to, RECEIPT_PROTOCOL)
  const frames = framed(stream, { maxFrameBytes: 64 * 1024 })
  await frames.write(ReceiptBatch.encode({ receipts: receipts.map(r => ({ id: Uint8Array.from(Buffer.from(r.id, 'hex')), storedAt: BigInt(r.storedAt), signature: r.signature as Uint8Array<ArrayBuffer> })) }))
  const frame = await frames.read({ signal: AbortSignal.timeout(10_000) })
  if (frame == null) throw new Error('no acknowledgement')
  const ack = ReceiptAck.decode(frame)
  await stream.close().catch(() => {})
  return { accepted: ack.accepted, refused: ack.refused.map(r => ({ id: Buffer.from(r.id).toString('hex'), code: r.code })) }
}

/**
 * Signed delivery receipts across three real nodes (libp2p on 127.0.0.1,
 * LevelDB): each recipient acknowledges what it stored to the origin, and
 * only to the origin; the origin shows delivered (with time) or pending.
 */
describe('node - delivery receipts', function () {
  this.timeout(60_000)
  const federation = useFederation([
    { label: 'dk', jurisdiction: 'DK' },
    { label: 'nl', jurisdiction: 'NL' },
    { label: 'fr', jurisdiction: 'FR' }
  ])

  it('every recipient acknowledges a bundle to its origin: pending flips to delivered, with the time it was stored', async () => {
    const [dk, nl, fr] = federation.members as [TestMember, TestMember, TestMember]
    const events: Array<{ id: string, recipient: string, recipientName: string, storedAt: number }> = []
    const onReceipt = (event: Event): void => { events.push((event as CustomEvent).detail) }
    dk.node.events.addEventListener('receipt', onReceipt)
    const { id } = await dk.node.publish({ stix: indicatorBundle(1, { label: 'receipts' }).stix, policy: { tlp: 'GREEN' } })
    const before = await dk.node.deliveries(id)
    expect(before.id).to.equal(id)
    expect(before.recipients.map(r => r.key).sort(), 'every listed recipient but the origin').to.deep.equal([nl.key, fr.key].sort())
    for (const r of before.recipients) {
      expect(r.name).to.equal(r.key === nl.key ? nl.name : fr.name)
      if (r.status === 'pending') expect(r).to.not.have.property('deliveredAt')
    }
    expect(await delivered(dk, id, nl), 'nl delivered').to.equal(true)
    expect(await delivered(dk, id, fr), 'fr delivered').to.equal(true)
    for (const m of [nl, fr]) {
      const stored = (await m.node.getBundle(id)).receivedAt
      expect((await statusOf(dk, id, m))?.deliveredAt, `${m.label}'s signed stored time`).to.equal(stored)
    }
    dk.node.events.removeEventListener('receipt', onReceipt)
    expect(events.filter(e => e.id === id).map(e => e.recipient).sort(), 'one receipt event per recipient').to.deep.equal([nl.key, fr.key].sort())
    expect(events.find(e => e.recipient === nl.key)).to.include({ recipientName: nl.name, storedAt: (await nl.node.getBundle(id)).receivedAt })
    const receipts = await auditRecords(dk, 'receipt')
    expect(receipts.filter(r => (r.detail as { ids: string[] }).ids.includes(id)).map(r => r.peer).sort(), 'one audit record per recipient').to.deep.equal([nl.key, fr.key].sort())
    // Only the origin learns who holds a bundle.
    for (const m of [nl, fr]) {
      const err = await m.node.deliveries(id).then(() => undefined, (e: Error & { code?: string }) => e)
      expect(err?.code).to.equal('NOT_ORIGIN')
    }
  })

  it('an offline recipient stays pending and flips to delivered once it is back', async () => {
    const [dk, nl, fr] = federation.members as [TestMember, TestMember, TestMember]
    await fr.node.stop()
    const { id } = await dk.node.publish({ stix: indicatorBundle(2, { label: 'receipts' }).stix, policy: { tlp: 'GREEN' } })
    expect(await delivered(dk, id, nl), 'nl delivered').to.equal(true)
    await new Promise(resolve => setTimeout(resolve, 500))
    expect((await statusOf(dk, id, fr))?.status, 'fr is offline').to.equal('pending')
    await restartMember(fr)
    expect(await connected(federation.members, 2), 'fr reconnected').to.equal(true)
    expect(await eventually(async () => await holds(fr, id), 15_000), 'fr caught up').to.equal(true)
    expect(await delivered(dk, id, fr), 'fr delivered after coming back').to.equal(true)
    expect((await statusOf(dk, id, fr))?.deliveredAt).to.equal((await fr.node.getBundle(id)).receivedAt)
  })

  it('a receipt owed to an offline origin is kept across a restart and delivered when the origin is back, never through another member', async () => {
    const [dk, nl, fr] = federation.members as [TestMember, TestMember, TestMember]
    await fr.node.stop()
    const { id } = await dk.node.publish({ stix: indicatorBundle(3, { label: 'receipts' }).stix, policy: { tlp: 'GREEN' } })
    expect(await delivered(dk, id, nl), 'nl delivered').to.equal(true)
    await dk.node.stop()
    // fr comes back while its origin is away: nl relays the bundle, fr owes dk a receipt.
    await restartMember(fr)
    expect(await eventually(async () => await holds(fr, id), 15_000), 'fr received it through nl').to.equal(true)
    expect((await fr.node.getBundle(id)).from, 'relayed').to.equal(nl.key)
    await new Promise(resolve => setTimeout(resolve, 500)) // past the receipt batch interval: the receipt is kept now
    await fr.node.stop()
    await restartMember(fr)
    await restartMember(dk)
    // Both came back on new ports: their admins update each other's address.
    await dk.node.updatePeer(fr.key, { addresses: fr.node.listenAddresses() })
    await fr.node.updatePeer(dk.key, { addresses: dk.node.listenAddresses() })
    await nl.node.updatePeer(dk.key, { addresses: dk.node.listenAddresses() })
    await nl.node.updatePeer(fr.key, { addresses: fr.node.listenAddresses() })
    expect(await connected(federation.members, 2, 20_000), 'all reconnected').to.equal(true)
    expect(await delivered(dk, id, fr, 15_000), 'the kept receipt reached dk').to.equal(true)
    expect((await statusOf(dk, id, fr))?.deliveredAt).to.equal((await fr.node.getBundle(id)).receivedAt)
    // nl publishes nothing: no receipt ever reached it (receipts are not relayed).
    expect(await auditRecords(nl, 'receipt')).to.deep.equal([])
  })

  it('a forged receipt (wrong signer, unlisted recipient, unknown bundle) is refused with its code, audited and counted, and stores nothing', async () => {
    const [dk, nl] = federation.members as [TestMember, TestMember, TestMember]
    const rogue = await RawPeer.start()
    try {
      await rogue.know(dk.key, dk.node.listenAddresses())
      await dk.node.addPeer({ key: rogue.key, name: 'rogue CERT', jurisdiction: 'DE', roles: ['member'], addresses: rogue.addresses() })
      const listing = await dk.node.publish({ stix: indicatorBundle(4, { label: 'receipts' }).stix, policy: { tlp: 'GREEN', members: [nl.key, rogue.key] } })
      const notListing = await dk.node.publish({ stix: indicatorBundle(5, { label: 'receipts' }).stix, policy: { tlp: 'GREEN', members: [nl.key] } })
      const unknown = 'ab'.repeat(32)
      const now = Date.now()
      const stranger = NodeIdentity.generate()
      const rejectsBefore = (await dk.node.status()).rejects
      const ack = await sendRaw(rogue, dk.key, [
        signReceipt(stranger, listing.id, now), // listed, but signed by another key
        signReceipt(rogue.identity, notListing.id, now), // signed by the sender, who is not listed
        signReceipt(rogue.identity, unknown, now) // no such bundle
      ])
      expect(ack.accepted).to.equal(0)
      expect(ack.refused).to.deep.equal([
        { id: listing.id, code: 'RECEIPT_BAD_SIGNATURE' },
        { id: notListing.id, code: 'RECEIPT_NOT_RECIPIENT' },
        { id: unknown, code: 'RECEIPT_UNKNOWN_BUNDLE' }
      ])
      expect((await statusOf(dk, listing.id, rogue.key))?.status, 'nothing stored').to.equal('pending')
      expect((await dk.node.deliveries(notListing.id)).recipients.map(r => r.key), 'not listed, not shown').to.deep.equal([nl.key])
      expect((await auditRecords(dk, 'receipt')).filter(r => r.peer === rogue.key), 'no receipt of the rogue audited').to.deep.equal([])
      const rejects = (await auditRecords(dk, 'reject')).filter(r => r.peer === rogue.key)
      expect(rejects.map(r => r.code)).to.include.members(['RECEIPT_BAD_SIGNATURE', 'RECEIPT_NOT_RECIPIENT', 'RECEIPT_UNKNOWN_BUNDLE'])
      const rejectsAfter = (await dk.node.status()).rejects
      for (const code of ['RECEIPT_BAD_SIGNATURE', 'RECEIPT_NOT_RECIPIENT', 'RECEIPT_UNKNOWN_BUNDLE']) {
        expect((rejectsAfter[code] ?? 0) - (rejectsBefore[code] ?? 0), code).to.equal(1)
      }
      // A frame that does not decode is a protocol violation: no acknowledgement, audited.
      const garbage = await rogue.network.openStream(dk.key, RECEIPT_PROTOCOL)
      const garbageFrames = framed(garbage, { maxFrameBytes: 64 * 1024 })
      await garbageFrames.write(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]))
      const answer = await garbageFrames.read({ signal: AbortSignal.timeout(10_000) }).catch(() => null)
      expect(answer, 'no acknowledgement').to.equal(null)
      expect(await eventually(async () => (await auditRecords(dk, 'reject')).some(r => r.peer === rogue.key && r.code === 'REPLICATION_PROTOCOL_VIOLATION'))).to.equal(true)
      // The same member's genuine receipt is accepted.
      const good = await sendRaw(rogue, dk.key, [signReceipt(rogue.identity, listing.id, now)])
      expect(good).to.deep.equal({ accepted: 1, refused: [] })
      expect(await statusOf(dk, listing.id, rogue.key)).to.deep.equal({ key: rogue.key, name: 'rogue CERT', status: 'delivered', deliveredAt: now })
      expect((await auditRecords(dk, 'receipt')).filter(r => r.peer === rogue.key).map(r => (r.detail as { ids: string[] }).ids)).to.deep.equal([[listing.id]])
    } finally {
      await dk.node.removePeer(rogue.key).catch(() => {})
      await rogue.stop()
    }
  })
})
