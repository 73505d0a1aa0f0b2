import { randomBytes } from 'node:crypto'
import { readFile, rename, stat, writeFile } from 'node:fs/promises'
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

/** Writes a secret with mode 0600, atomically (temp file + rename), never leaving a world-readable copy. */
export async function writeSecretFile (path: string, content: string | Uint8Array): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temp, content, { mode: 0o600, flag: 'wx' })
  await rename(temp, path)
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
