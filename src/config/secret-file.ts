import { readFile, stat } from 'node:fs/promises'
import { writeFileDurably } from '../fs/durable-file.js'
import { IntelmeshError } from '../errors.js'

/** A secret file (key, token) is readable or writable by group or others. */
export class InsecureSecretFileError extends IntelmeshError {
  static override name = 'InsecureSecretFileError'
  constructor (path: string, mode: number) {
    super('SECRET_FILE_INSECURE', `${path} has mode ${(mode & 0o777).toString(8).padStart(4, '0')}; secrets must be 0600 (run: chmod 600 ${path})`)
  }
}

/** A secret file is missing. */
export class SecretFileMissingError extends IntelmeshError {
  static override name = 'SecretFileMissingError'
  constructor (path: string, options?: ErrorOptions) {
    super('SECRET_FILE_MISSING', `${path} does not exist (run intelmesh init first)`, options)
  }
}

/**
 * Writes a secret with mode 0600, atomically and durably (writeFileDurably),
 * never leaving a world-readable copy. (Until session 9 it was not fsynced: a
 * crash soon after `intelmesh init` could leave an empty token file.)
 */
export async function writeSecretFile (path: string, content: string | Uint8Array): Promise<void> {
  await writeFileDurably(path, content)
}

/** Reads a secret, refusing a file that group or others may read or write. */
export async function readSecretFile (path: string): Promise<Buffer> {
  let info
  try {
    info = await stat(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SecretFileMissingError(path, { cause: err })
    throw err
  }
  if ((info.mode & 0o077) !== 0) throw new InsecureSecretFileError(path, info.mode)
  return readFile(path)
}
