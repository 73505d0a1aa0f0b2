import { createWriteStream } from 'node:fs'
import { open, rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { pathExists, syncDirectory } from '../fs/durable-file.js'
import { BackupTargetExistsError } from './errors.js'
import { readBackup } from './read-backup.js'
import type { ParsedBackup } from './read-backup.js'

/**
 * Writes a backup stream to `path` and verifies it: the bytes go to
 * `path.partial` (never over an existing file), are fsynced, read back and
 * checked in full, and only then renamed to `path` (the folder synced). A failed or cut-off
 * stream leaves no file under `path`.
 */
export async function saveBackupFile (source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, path: string): Promise<ParsedBackup & { bytes: number }> {
  if (await pathExists(path)) throw new BackupTargetExistsError(`${path} already exists: choose another name (a backup never overwrites a file)`)
  const partial = `${path}.partial`
  try {
    await pipeline(source, createWriteStream(partial, { flags: 'wx', mode: 0o600 }))
    const handle = await open(partial, 'r+')
    try { await handle.sync() } finally { await handle.close() }
    const parsed = await readBackup(partial)
    const { size } = await stat(partial)
    await rename(partial, path)
    await syncDirectory(dirname(path))
    return { ...parsed, bytes: size }
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
}
