import { TypedEventEmitter } from '@libp2p/interface'
import { expect } from 'chai'
import { PeerPresence } from '../../src/node/peer-presence.js'
import { connected, eventually, introduceAll, startMember, tempRoot } from './federation-helpers.js'
import type { NetworkEvents } from '../../src/network/types.js'
import type { TestMember } from './federation-helpers.js'

describe('node - peer presence', () => {
  describe('from connection events', () => {
    let clock: number
    let network: TypedEventEmitter<NetworkEvents>
    let presence: PeerPresence
    const emit = (type: keyof NetworkEvents, peer: string): void => { network.safeDispatchEvent(type, { detail: { peer } }) }

    beforeEach(() => {
      clock = 1000
      network = new TypedEventEmitter<NetworkEvents>()
      presence = new PeerPresence({ network, now: () => clock })
      presence.start()
    })

    it('knows nothing of a peer never connected since start', () => {
      expect(presence.of('A', false)).to.deep.equal({})
    })

    it('gives a connected peer its connection time, and now as last seen', () => {
      emit('peer:connected', 'A')
      clock = 5000
      expect(presence.of('A', true)).to.deep.equal({ connectedSince: 1000, lastSeen: 5000 })
    })

    it('gives a disconnected peer the time its connection closed', () => {
      emit('peer:connected', 'A')
      clock = 3000
      emit('peer:disconnected', 'A')
      clock = 9000
      expect(presence.of('A', false)).to.deep.equal({ lastSeen: 3000 })
      emit('peer:connected', 'A')
      expect(presence.of('A', true)).to.deep.equal({ connectedSince: 9000, lastSeen: 9000 })
    })

    it("trusts the network's connected answer over the events", () => {
      expect(presence.of('B', true)).to.deep.equal({ lastSeen: 1000 })
      emit('peer:connected', 'A')
      clock = 2000
      expect(presence.of('A', false)).to.deep.equal({ lastSeen: 1000 })
    })

    it('stops listening on stop()', () => {
      presence.stop()
      emit('peer:connected', 'A')
      expect(presence.of('A', false)).to.deep.equal({})
    })
  })

  describe('in the peer view of two real nodes', () => {
    let members: TestMember[] = []
    let remove = async (): Promise<void> => {}

    before(async () => {
      const temp = await tempRoot()
      remove = temp.remove
      members = await Promise.all([startMember({ label: 'A', jurisdiction: 'DK' }, temp.root), startMember({ label: 'B', jurisdiction: 'NL' }, temp.root)])
      await introduceAll(members)
      expect(await connected(members)).to.equal(true)
    })
    after(async () => {
      for (const m of members) await m.node.stop().catch(() => {})
      await remove()
    })

    it('shows connectedSince while connected, and lastSeen from the disconnect once the peer stops', async () => {
      const [a, b] = members as [TestMember, TestMember]
      const view = (): ReturnType<typeof a.node.listPeers>[number] => a.node.listPeers().find(p => p.key === b.key)!
      const self = a.node.listPeers().find(p => p.self)!
      expect(self).to.not.have.property('lastSeen')
      expect(view().connected).to.equal(true)
      expect(view().connectedSince).to.be.a('number').and.at.most(Date.now())
      const beforeStop = Date.now()
      await b.node.stop()
      // libp2p may drop the peer from its list a moment before the network's disconnect event arrives.
      expect(await eventually(() => !view().connected && (view().lastSeen ?? 0) >= beforeStop)).to.equal(true)
      const after = view()
      expect(after).to.not.have.property('connectedSince')
      expect(after.lastSeen).to.be.at.least(beforeStop).and.at.most(Date.now())
    })
  })
})
