import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileDurably } from '../fs/durable-file.js'
import { ED25519_SEED_LENGTH, IDENTITY_FILE_NAME, MAX_IDENTITY_FILE_BYTES } from './constants.js'
import { IdentityExistsError, IdentityMalformedError, IdentityNotFoundError, InsecureKeyFileError } from './errors.js'
import { NodeIdentity } from './identity.js'

/**
 * The identity file `<dataDir>/identity.key` is JSON:
 *   { "type": "ed25519", "seed": "<base64 of the 32-byte seed>", "memberKey": "12D3KooW…" }
 * `memberKey` is there so an operator can tell which node a file belongs to;
 * on load it must match the key the seed gives. The file is mode 0600.
 */
interface IdentityFile {
  type: 'ed25519'
  seed: string
  memberKey: string
}

/** Options of saveIdentity. */
export interface SaveIdentityOptions {
  /** Replace an existing identity file (default false: refuse with IdentityExistsError). */
  overwrite?: boolean
}

/** Path of the identity file in `dataDir`. */
export function identityPath (dataDir: string): string {
  return join(dataDir, IDENTITY_FILE_NAME)
}

/**
 * Reads the node identity from `dataDir`. Refuses a file that group or other
 * may access (InsecureKeyFileError), a missing file (IdentityNotFoundError)
 * and anything that is not a valid identity (IdentityMalformedError).
 */
export async function loadIdentity (dataDir: string): Promise<NodeIdentity> {
  const path = identityPath(dataDir)
  let info
  try {
    info = await stat(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new IdentityNotFoundError(`no identity file at ${path} (run init first)`, { cause: err })
    }
    throw err
  }
  if (!info.isFile()) throw new IdentityMalformedError(`identity file ${path} is not a regular file`)
  const mode = info.mode & 0o777
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) throw new InsecureKeyFileError(path, mode)
  if (info.size > MAX_IDENTITY_FILE_BYTES) throw new IdentityMalformedError(`identity file ${path} is ${info.size} bytes, more than an identity`)
  return parseIdentityFile(path, await readFile(path, 'utf8'))
}

/**
 * Writes `identity` to `dataDir` atomically with mode 0600: a temporary file
 * is written and synced, then linked (or, with `overwrite`, renamed) into place.
 */
export async function saveIdentity (dataDir: string, identity: NodeIdentity, options: SaveIdentityOptions = {}): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const path = identityPath(dataDir)
  const seed = identity.exportSeed()
  const body: IdentityFile = { type: 'ed25519', seed: Buffer.from(seed).toString('base64'), memberKey: identity.memberKey }
  seed.fill(0)
  try {
    // Without `overwrite`, linked into place: that fails with EEXIST instead of replacing an existing key.
    await writeFileDurably(path, `${JSON.stringify(body, null, 2)}\n`, { replace: options.overwrite === true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new IdentityExistsError(`identity file ${path} already exists; refusing to replace it`, { cause: err })
    }
    throw err
  }
}

function parseIdentityFile (path: string, text: string): NodeIdentity {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new IdentityMalformedError(`identity file ${path} is not JSON`, { cause: err })
  }
  if (typeof parsed !== 'object' || parsed === null) throw new IdentityMalformedError(`identity file ${path} is not a JSON object`)
  const file = parsed as Partial<Record<keyof IdentityFile, unknown>>
  if (file.type !== 'ed25519') throw new IdentityMalformedError(`identity file ${path}: field "type" must be "ed25519"`)
  if (typeof file.seed !== 'string') throw new IdentityMalformedError(`identity file ${path}: field "seed" must be a base64 string`)
  const seed = Buffer.from(file.seed, 'base64')
  // Buffer.from ignores bad characters: a strict round trip rejects them.
  if (seed.length !== ED25519_SEED_LENGTH || seed.toString('base64') !== file.seed) {
    throw new IdentityMalformedError(`identity file ${path}: field "seed" must be ${ED25519_SEED_LENGTH} bytes in base64`)
  }
  const identity = NodeIdentity.fromSeed(seed)
  seed.fill(0)
  if (file.memberKey !== undefined && file.memberKey !== identity.memberKey) {
    throw new IdentityMalformedError(`identity file ${path}: field "memberKey" does not match the seed`)
  }
  return identity
}
