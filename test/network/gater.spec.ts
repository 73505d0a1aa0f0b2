import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'chai'
import { GATER_HOOKS, MembershipGater } from '../../src/network/gater.js'
import { newKey, TestMembership } from './helpers.js'

describe('network - gater', () => {
  it('admits an active member at every hook and refuses others, counting each refusal', async () => {
    const member = await newKey()
    const suspended = await newKey()
    const stranger = await newKey()
    const membership = new TestMembership()
    membership.set(member.id)
    membership.set(suspended.id)
    membership.suspend(suspended.id)
    const gater = new MembershipGater({ membership })
    const peerHooks = GATER_HOOKS.filter(hook => hook !== 'denyDialMultiaddr')

    for (const hook of peerHooks) {
      expect(gater[hook](peerIdFromString(member.id)), hook).to.equal(false)
      expect(gater[hook](peerIdFromString(suspended.id)), hook).to.equal(true)
      expect(gater[hook](peerIdFromString(stranger.id)), hook).to.equal(true)
    }
    const counts = gater.refusals()
    for (const hook of peerHooks) {
      expect(counts[hook], hook).to.equal(2)
    }
    expect(gater.totalRefusals()).to.equal(2 * peerHooks.length)
  })

  it('refuses a multiaddr naming a non-member, passes bare addresses and members', async () => {
    const member = await newKey()
    const stranger = await newKey()
    const membership = new TestMembership()
    membership.set(member.id)
    const gater = new MembershipGater({ membership })
    expect(gater.denyDialMultiaddr(multiaddr(`/ip4/127.0.0.1/tcp/4001/p2p/${member.id}`))).to.equal(false)
    expect(gater.denyDialMultiaddr(multiaddr('/ip4/127.0.0.1/tcp/4001'))).to.equal(false)
    expect(gater.denyDialMultiaddr(multiaddr(`/ip4/127.0.0.1/tcp/4001/p2p/${stranger.id}`))).to.equal(true)
    // through a relay, the last /p2p/ is the target
    expect(gater.denyDialMultiaddr(multiaddr(`/ip4/127.0.0.1/tcp/4001/p2p/${member.id}/p2p-circuit/p2p/${stranger.id}`))).to.equal(true)
    expect(gater.refusals().denyDialMultiaddr).to.equal(2)
  })

  it('follows membership changes without being rebuilt', async () => {
    const peer = await newKey()
    const membership = new TestMembership()
    const gater = new MembershipGater({ membership })
    expect(gater.denyInboundEncryptedConnection(peerIdFromString(peer.id))).to.equal(true)
    membership.set(peer.id)
    expect(gater.denyInboundEncryptedConnection(peerIdFromString(peer.id))).to.equal(false)
    membership.remove(peer.id)
    expect(gater.denyInboundEncryptedConnection(peerIdFromString(peer.id))).to.equal(true)
  })
})
