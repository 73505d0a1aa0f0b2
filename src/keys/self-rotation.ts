import { NodeIdentity, saveIdentity } from '../crypto/index.js'
import { saveKeyring } from './keyring-file.js'
import { createRotationStatement } from './statement.js'
import type { Keyring } from './keyring.js'
import type { RotationStatement } from './statement.js'

/** What replacing this node's own identity needs. */
export interface SelfRotationComponents {
  dataDir: string
  keyring: Keyring
  now: () => number
  /** Resolves once every publication queued so far is sealed (its creation time is fixed). */
  publisherIdle: () => Promise<void>
}

/**
 * Replaces this node's identity on disk with `next`: the issue time is taken only after every
 * queued publication is sealed (so none signed by the old key is created later), the old
 * private key goes to the keyring (0600, synced) before identity.key is replaced atomically.
 * A crash in between leaves the old identity with a harmless extra keyring entry.
 */
export async function replaceOwnIdentity (components: SelfRotationComponents, next: NodeIdentity, reason: string): Promise<RotationStatement> {
  const { dataDir, keyring, now } = components
  const current = keyring.current.identity
  await components.publisherIdle()
  const statement = createRotationStatement(current, next, now(), reason)
  await saveKeyring(dataDir, [...keyring.retired(), { identity: current, statement }])
  await saveIdentity(dataDir, next, { overwrite: true })
  return statement
}

/** A fresh identity for a rotation. */
export function newIdentity (): NodeIdentity {
  return NodeIdentity.generate()
}
