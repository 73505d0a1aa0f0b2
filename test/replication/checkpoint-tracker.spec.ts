import { expect } from 'chai'
import { CheckpointTracker } from '../../src/replication/checkpoint-tracker.js'

/** The checkpoint moves only over a fully resolved prefix of batches, whatever order ids resolve in. */
describe('replication - checkpoint tracker', () => {
  let tracker: CheckpointTracker
  beforeEach(() => { tracker = new CheckpointTracker() })

  it('passes over batches with nothing to fetch at once', () => {
    tracker.add(10, [])
    tracker.add(20, [])
    expect(tracker.advance()).to.equal(20)
    expect(tracker.advance()).to.equal(undefined)
  })

  it('waits for the first unresolved batch, however many later ones resolve', () => {
    tracker.add(10, ['a', 'b'])
    tracker.add(20, ['c'])
    tracker.add(30, [])
    expect(tracker.advance()).to.equal(undefined)
    expect(tracker.resolve('c')).to.equal(undefined)
    expect(tracker.resolve('a')).to.equal(undefined)
    expect(tracker.pending).to.equal(1)
    expect(tracker.resolve('b')).to.equal(30)
    expect(tracker.pending).to.equal(0)
  })

  it('ignores ids it was not waiting for, and counts an id announced twice until both resolve', () => {
    tracker.add(5, ['x'])
    tracker.add(9, ['x'])
    expect(tracker.resolve('nope')).to.equal(undefined)
    expect(tracker.pending).to.equal(1)
    expect(tracker.resolve('x')).to.equal(5)
    expect(tracker.pending).to.equal(1)
    expect(tracker.resolve('x')).to.equal(9)
    expect(tracker.pending).to.equal(0)
  })

  it('below(limit) resolves once no more than limit ids are pending', async () => {
    tracker.add(3, ['a', 'b', 'c'])
    let released = false
    const waiting = tracker.below(1).then(() => { released = true })
    tracker.resolve('a')
    await Promise.resolve()
    expect(released).to.equal(false)
    tracker.resolve('b')
    await waiting
    expect(released).to.equal(true)
    await tracker.below(5)
  })
})
