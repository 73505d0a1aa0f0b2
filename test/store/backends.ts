import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryLevel } from 'memory-level'
import { Store } from '../../src/store/store.js'
import type { StoreInit } from '../../src/store/store.js'

/** One database backend the shared store suite runs against. */
export interface Backend {
  /** Suite title. */
  name: string
  /** A fresh, open store. */
  create: (init?: StoreInit) => Promise<Store>
  /** Closes `store` and opens the same database again. */
  reopen: (store: Store, init?: StoreInit) => Promise<Store>
  /** Removes whatever `create` made. */
  cleanup: () => Promise<void>
}

/** LevelDB in a temporary folder. */
export function levelBackend (): Backend {
  let dir: string | undefined
  return {
    name: 'LevelDB',
    create: async (init) => {
      dir = await mkdtemp(join(tmpdir(), 'intelmesh-store-'))
      return await Store.open(join(dir, 'db'), init)
    },
    reopen: async (store, init) => {
      await store.close()
      return await Store.open(join(dir as string, 'db'), init)
    },
    cleanup: async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    }
  }
}

/** memory-level; reopening reuses the same in-memory database. */
export function memoryBackend (): Backend {
  let db: MemoryLevel<string, string> | undefined
  return {
    name: 'memory-level',
    create: async (init) => {
      db = new MemoryLevel<string, string>()
      const store = new Store({ db }, init)
      await store.open()
      return store
    },
    reopen: async (store, init) => {
      await store.close()
      const again = new Store({ db: db as MemoryLevel<string, string> }, init)
      await again.open()
      return again
    },
    cleanup: async () => {}
  }
}

/** Every backend, for the shared suite. */
export const BACKENDS = [levelBackend, memoryBackend]

/** Cache settings every contract test runs under: the default, a tiny one (mostly misses and evictions), none. */
export const CACHE_SETTINGS: Array<{ name: string, init: StoreInit }> = [
  { name: 'default cache', init: {} },
  { name: 'tiny cache', init: { recentEntries: 3, recentEnvelopeBytes: 700 } },
  { name: 'no cache', init: { recentEntries: 0, recentEnvelopeBytes: 0 } }
]

/** Per-test context shared by the contract suites. */
export interface StoreContext {
  backend: Backend
  store: Store
  /** Makes another backend of the same kind (for tests comparing two stores). */
  makeBackend: () => Backend
  /** The settings `store` was opened with. */
  init: StoreInit
}
