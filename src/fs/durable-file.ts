// Files a node must not lose or half-write (its identity, keyring, rotation
// book, API token): written whole under a temporary name, synced, moved into
// place, and the directory synced, so after a crash the file is either the
// old one or the new one, and is never readable by group or others.
import { randomBytes } from 'node:crypto'
import { link, open, rename, stat, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Options of writeFileDurably. */
export interface DurableWriteOptions {
  /** File mode of the new file. @default 0o600 */
  mode?: number
  /** Replace an existing file (rename); false refuses one (link fails with EEXIST, thrown as is). @default true */
  replace?: boolean
}

/**
 * Writes `content` to `path` atomically and durably: a temporary file beside
 * it (created exclusively, with `mode`) is written and fsynced, renamed (or,
 * without `replace`, linked) to `path`, and the directory is fsynced so the
 * new name survives a crash too. The temporary file never outlives the call.
 */
export async function writeFileDurably (path: string, content: string | Uint8Array, options: DurableWriteOptions = {}): Promise<void> {
  const temp = `${path}.${randomBytes(8).toString('hex')}.tmp`
  const handle = await open(temp, 'wx', options.mode ?? 0o600)
  try {
    try {
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }
    if (options.replace === false) await link(temp, path)
    else await rename(temp, path)
  } finally {
    await unlink(temp).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'ENOENT') throw err })
  }
  await syncDirectory(dirname(path))
}

/** Makes the entries of `dir` (a rename, a new file) durable. */
export async function syncDirectory (dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** True when `path` exists; false only when it does not (other errors, e.g. EACCES, are thrown). */
export async function pathExists (path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}
