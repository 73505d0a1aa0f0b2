import type { DirectoryView } from './types.js'

// A member rotates rarely; a chain longer than this is a corrupt directory, not a history.
const MAX_SUCCESSION = 64

/**
 * The active key that now holds `key`: `key` itself when it is active, else the end of its
 * chain of accepted rotations (retired -> successor -> …). Undefined when the key is unknown,
 * suspended or compromised, or its chain ends anywhere but an active entry. Pure.
 */
export function holderOf (directory: DirectoryView, key: string): string | undefined {
  let current = directory.get(key)
  for (let step = 0; current != null && step < MAX_SUCCESSION; step++) {
    if (current.status === 'active') return current.key
    if (current.status !== 'retired' || current.successor == null) return undefined
    current = directory.get(current.successor)
  }
  return undefined
}

/** Every key `holder` holds: itself (when active) and each retired key whose chain ends at it. */
export function heldKeys (directory: DirectoryView, holder: string): string[] {
  return directory.list().filter(m => holderOf(directory, m.key) === holder).map(m => m.key)
}
