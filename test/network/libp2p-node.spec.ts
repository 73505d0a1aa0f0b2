import { expect } from 'chai'
import { createLibp2pNode } from '../../src/network/libp2p-node.js'
import { newKey } from './helpers.js'
import type { IntelmeshLibp2p } from '../../src/network/libp2p-node.js'

describe('network - libp2p-node', () => {
  let node: IntelmeshLibp2p | undefined

  afterEach(async () => {
    await node?.stop()
    node = undefined
  })

  it('runs a private kad-dht in server mode, never the public IPFS DHT', async () => {
    const { key, id } = await newKey()
    node = await createLibp2pNode({ privateKey: key, connectionGater: {} }, {
      listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], dhtProtocolPrefix: '/alliance-x', dialTimeoutMs: 1_000, maxConnections: 10
    })
    expect(node.peerId.toString()).to.equal(id)
    expect(node.getProtocols()).to.include('/alliance-x/kad/1.0.0')
    expect(node.getProtocols().filter(p => p.includes('/kad/'))).to.deep.equal(['/alliance-x/kad/1.0.0'])
    expect(node.services.dht.getMode()).to.equal('server')
    expect(node.getMultiaddrs().map(ma => ma.toString())).to.satisfy((addrs: string[]) => addrs.every(a => a.startsWith('/ip4/127.0.0.1/tcp/')))
  })
})
