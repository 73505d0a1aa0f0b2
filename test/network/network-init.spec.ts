import { expect } from 'chai'
import { InvalidNetworkConfigError } from '../../src/network/errors.js'
import { resolveNetworkInit } from '../../src/network/network-init.js'
import type { NetworkInit } from '../../src/network/types.js'

describe('network - network-init', () => {
  it('fills defaults: loopback listen, private DHT prefix, bounded backoff', () => {
    const init = resolveNetworkInit({})
    expect(init.listen).to.deep.equal(['/ip4/127.0.0.1/tcp/0'])
    expect(init.dhtProtocolPrefix).to.equal('/intelmesh')
    expect(init.reconnect.maxDelayMs).to.be.at.least(init.reconnect.initialDelayMs)
    expect(init.idleTimeoutMs).to.be.above(0)
  })

  const invalid: Array<[string, NetworkInit]> = [
    ['reconnect.initialDelayMs', { reconnect: { initialDelayMs: 0 } }],
    ['reconnect.factor', { reconnect: { factor: 0.5 } }],
    ['reconnect.maxDelayMs', { reconnect: { initialDelayMs: 1_000, maxDelayMs: 10 } }],
    ['maxInboundStreamsPerProtocol', { maxInboundStreamsPerProtocol: 0 }],
    ['dialTimeoutMs', { dialTimeoutMs: Number.NaN }],
    ['idleTimeoutMs', { idleTimeoutMs: -1 }],
    ['dhtProtocolPrefix', { dhtProtocolPrefix: 'intelmesh' }],
    ['listen', { listen: [] }]
  ]
  for (const [field, init] of invalid) {
    it(`refuses a bad ${field} with InvalidNetworkConfigError`, () => {
      expect(() => resolveNetworkInit(init)).to.throw(InvalidNetworkConfigError).with.property('code', 'NETWORK_INVALID_CONFIG')
    })
  }
})
