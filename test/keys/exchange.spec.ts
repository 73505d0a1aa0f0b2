import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { ROTATION_NEW_KEY_DOMAIN, ROTATION_PROTOCOL } from '../../src/keys/constants.js'
import { createRotationStatement, statementToWire } from '../../src/keys/statement.js'
import { framed } from '../../src/network/framing.js'
import { RawPeer } from '../replication/raw-peer.js'
import { auditRecords, eventually, tempRoot } from '../node/federation-helpers.js'
import { startKeyMember } from './helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

/** A member pushes rotation statements over `/intelmesh/keys/1.0.0` straight to a real node. */
describe('keys - rotation exchange protocol', function () {
  this.timeout(60_000)
  let node: TestMember
  let raw: RawPeer
  let cleanup: () => Promise<void>
  const rawIdentity = NodeIdentity.generate()
  const otherMember = NodeIdentity.generate()

  before(async () => {
    const temp = await tempRoot()
    cleanup = temp.remove
    node = await startKeyMember('n', 'DK', temp.root)
    raw = await RawPeer.start(rawIdentity)
    await node.node.addPeer({ key: raw.key, name: 'Raw', jurisdiction: 'NL', addresses: raw.addresses() })
    await node.node.addPeer({ key: otherMember.memberKey, name: 'Other', jurisdiction: 'FR' })
    await raw.know(node.key, node.node.listenAddresses())
  })
  after(async () => {
    await raw?.network.stop()
    await node?.node.stop()
    await cleanup()
  })

  const push = async (payload: Uint8Array): Promise<void> => {
    const stream = await raw.network.openStream(node.key, ROTATION_PROTOCOL)
    const frames = framed(stream)
    await frames.write(payload)
    await frames.close().catch(() => {})
  }
  const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))

  it('refuses a forged statement as the peer\'s fault (audited with its code), and keeps running', async () => {
    const attacker = NodeIdentity.generate()
    // The raw peer tries to move Other onto its own key: it cannot sign as Other.
    const forged = createRotationStatement(attacker, NodeIdentity.generate(), Date.now())
    const wire = statementToWire(forged)
    const body = Buffer.from(wire.body, 'base64').toString('utf8').replace(attacker.memberKey, otherMember.memberKey)
    const bytes = new TextEncoder().encode(body)
    await push(json([{ body: Buffer.from(bytes).toString('base64'), oldSignature: wire.oldSignature, newSignature: Buffer.from(attacker.sign(ROTATION_NEW_KEY_DOMAIN, bytes)).toString('base64') }]))
    expect(await eventually(async () => (await auditRecords(node, 'reject')).some(r => r.peer === raw.key && r.code === 'KEYS_BAD_SIGNATURE'), 10_000)).to.equal(true)
    await push(new TextEncoder().encode('not json at all'))
    expect(node.node.listRotations()).to.deep.equal([])
    expect(node.node.listPeers().find(p => p.key === otherMember.memberKey)?.status).to.equal('active')
  })

  it('takes the peer\'s own valid rotation as pending, once, however often it is pushed', async () => {
    const next = NodeIdentity.generate()
    const wire = statementToWire(createRotationStatement(rawIdentity, next, Date.now(), 'rotating'))
    await push(json([wire]))
    await push(json([wire, wire]))
    expect(await eventually(() => node.node.listRotations().length === 1, 10_000)).to.equal(true)
    expect(node.node.listRotations()[0]).to.include({ oldKey: raw.key, newKey: next.memberKey, status: 'pending', from: raw.key })
    const received = async (): Promise<number> => (await auditRecords(node, 'directory')).filter(r => (r.detail as Record<string, unknown>)?.action === 'rotation-received').length
    // The entry is stored before its audit record is written: wait for the record, then make sure it stays one.
    expect(await eventually(async () => await received() === 1, 10_000)).to.equal(true)
    await push(json([wire]))
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(await received()).to.equal(1)
    expect(node.node.listPeers().find(p => p.key === raw.key)?.status).to.equal('active')
  })
})
