import { expect } from 'chai'
import { libp2pLogger } from '../../src/network/libp2p-logger.js'

describe('network - libp2p logger', () => {
  it('without DEBUG: one disabled logger for every component and scope, which writes nothing', () => {
    const components = libp2pLogger({})
    expect(components).to.not.equal(undefined)
    const log = components!.forComponent('libp2p:yamux')
    expect(log.enabled).to.equal(false)
    expect(log.newScope('stream')).to.equal(log)
    expect(components!.forComponent('libp2p:identify')).to.equal(log)
    const written: unknown[] = []
    const write = process.stderr.write
    process.stderr.write = ((chunk: unknown) => { written.push(chunk); return true }) as typeof process.stderr.write
    try {
      log('a message %s', 'x')
      log.error('an error')
      log.trace('a trace')
    } finally {
      process.stderr.write = write
    }
    expect(written).to.deep.equal([])
  })

  it('with DEBUG set: libp2p\'s own logger (undefined: its default)', () => {
    expect(libp2pLogger({ DEBUG: 'libp2p:*' })).to.equal(undefined)
    expect(libp2pLogger({ DEBUG: ' ' })).to.not.equal(undefined)
  })
})
