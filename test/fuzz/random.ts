/**
 * A small seeded PRNG (mulberry32): every fuzz run is reproducible from its
 * seed, so a failure found by `npm run fuzz` replays in a test.
 */
export class Random {
  private state: number

  constructor (seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform 32-bit unsigned integer. */
  next (): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** Integer in [0, n). */
  int (n: number): number {
    return n <= 0 ? 0 : this.next() % n
  }

  /** True with probability p. */
  chance (p: number): boolean {
    return this.next() / 0x100000000 < p
  }

  pick<T> (items: readonly T[]): T {
    return items[this.int(items.length)]!
  }

  bytes (length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i += 4) {
      const v = this.next()
      out[i] = v
      if (i + 1 < length) out[i + 1] = v >>> 8
      if (i + 2 < length) out[i + 2] = v >>> 16
      if (i + 3 < length) out[i + 3] = v >>> 24
    }
    return out
  }
}
