import { expect } from 'chai'
import { BoundedCache } from '../../src/crypto/bounded-cache.js'

describe('crypto - bounded-cache', () => {
  it('never holds more than its bound', () => {
    const cache = new BoundedCache<number>(3)
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, i)
    expect(cache.size).to.equal(3)
    expect(cache.get('k99')).to.equal(99)
    expect(cache.get('k96')).to.equal(undefined)
  })

  it('evicts the least recently used entry', () => {
    const cache = new BoundedCache<number>(2)
    cache.set('a', 1)
    cache.set('b', 2)
    expect(cache.get('a')).to.equal(1)
    cache.set('c', 3)
    expect(cache.get('b')).to.equal(undefined)
    expect(cache.get('a')).to.equal(1)
    expect(cache.get('c')).to.equal(3)
  })

  it('refuses a bound below one', () => {
    expect(() => new BoundedCache(0)).to.throw(RangeError)
  })
})
