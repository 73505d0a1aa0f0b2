/**
 * A Map with a size bound and least-recently-used eviction. Caches of keys
 * derived from peer input must be bounded, or a flood of distinct keys
 * becomes a memory leak.
 */
export class BoundedCache<V> {
  readonly #max: number
  readonly #map = new Map<string, V>()

  /** `max` must be at least 1. */
  constructor (max: number) {
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`cache size must be a positive integer, got ${max}`)
    }
    this.#max = max
  }

  /** Number of entries held. */
  get size (): number {
    return this.#map.size
  }

  /** The cached value, refreshed as most recently used; undefined when absent. */
  get (key: string): V | undefined {
    const value = this.#map.get(key)
    if (value !== undefined) {
      // Re-insert to move the entry to the end of the Map's insertion order.
      this.#map.delete(key)
      this.#map.set(key, value)
    }
    return value
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set (key: string, value: V): void {
    this.#map.delete(key)
    this.#map.set(key, value)
    if (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next()
      if (oldest.done !== true) this.#map.delete(oldest.value)
    }
  }
}
