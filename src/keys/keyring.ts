import { KeyWrapper } from '../crypto/index.js'
import type { NodeIdentity } from '../crypto/index.js'
import type { RetiredIdentity } from './keyring-file.js'

/** An identity with its key wrapper: what opening an envelope sealed to that key needs. */
export interface KeyPair { identity: NodeIdentity, wrapper: KeyWrapper }

/**
 * Every private key this node holds: the current identity and the retired ones, so a bundle
 * sealed to an old key stays readable by its holder after a rotation. New bundles are sealed
 * (and signed) by the current key only.
 */
export class Keyring {
  readonly current: KeyPair
  readonly #byKey = new Map<string, KeyPair>()
  readonly #retired: readonly RetiredIdentity[]

  constructor (current: KeyPair, retired: readonly RetiredIdentity[] = []) {
    this.current = current
    this.#retired = retired
    this.#byKey.set(current.identity.memberKey, current)
    for (const { identity } of retired) {
      if (!this.#byKey.has(identity.memberKey)) this.#byKey.set(identity.memberKey, { identity, wrapper: new KeyWrapper({ identity }) })
    }
  }

  /** True when `key` is one of ours (current or retired). */
  holds (key: string): boolean {
    return this.#byKey.has(key)
  }

  /** Our member keys, current first. */
  keys (): string[] {
    return [...this.#byKey.keys()]
  }

  /** The retired identities, oldest first, with the statements that retired them. */
  retired (): readonly RetiredIdentity[] {
    return this.#retired
  }

  /** The first of our keys among `listed` (the current one preferred), or undefined. */
  pick (listed: readonly string[]): KeyPair | undefined {
    if (listed.includes(this.current.identity.memberKey)) return this.current
    for (const key of listed) {
      const pair = this.#byKey.get(key)
      if (pair != null) return pair
    }
    return undefined
  }
}
