import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { NodeIdentity } from '../crypto/index.js'
import { writeFileDurably } from '../fs/durable-file.js'
import { KEYRING_FILE_NAME } from './constants.js'
import { KeyringFileError } from './errors.js'
import { parseRotationStatement, statementToWire } from './statement.js'
import type { RotationStatement, StatementWire } from './statement.js'

/** One retired identity of this node: its private key is kept to read what was sealed to it. */
export interface RetiredIdentity {
  identity: NodeIdentity
  /** The statement that retired it (signed by it and by its successor). */
  statement: RotationStatement
}

interface KeyringEntryFile {
  seed: string
  memberKey: string
  statement: StatementWire
}

/** Path of the keyring file in `dataDir`. */
export function keyringPath (dataDir: string): string {
  return join(dataDir, KEYRING_FILE_NAME)
}

/**
 * Reads `<dataDir>/keyring.json` (none yet: an empty list). Like the identity file it must be
 * mode 0600; every entry's seed must give its member key and its statement must verify.
 */
export async function loadKeyring (dataDir: string): Promise<RetiredIdentity[]> {
  const path = keyringPath(dataDir)
  let info
  try {
    info = await stat(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new KeyringFileError(`keyring file ${path} has mode ${(info.mode & 0o777).toString(8)}; it holds private keys and must be 0600 (chmod 600 ${path})`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new KeyringFileError(`keyring file ${path} is not JSON`, { cause: err })
  }
  const entries = (parsed as { retired?: unknown })?.retired
  if (!Array.isArray(entries)) throw new KeyringFileError(`keyring file ${path}: field "retired" must be an array`)
  return entries.map((entry: KeyringEntryFile, i) => {
    const seed = Buffer.from(String(entry?.seed), 'base64')
    if (seed.length !== 32) throw new KeyringFileError(`keyring file ${path}: retired[${i}].seed is not a 32-byte base64 seed`)
    const identity = NodeIdentity.fromSeed(seed)
    seed.fill(0)
    if (identity.memberKey !== entry.memberKey) throw new KeyringFileError(`keyring file ${path}: retired[${i}].memberKey does not match its seed`)
    const statement = parseRotationStatement(entry.statement)
    if (statement.oldKey !== identity.memberKey) throw new KeyringFileError(`keyring file ${path}: retired[${i}].statement rotates another key`)
    return { identity, statement }
  })
}

/** Writes the keyring atomically and durably (writeFileDurably) with mode 0600. */
export async function saveKeyring (dataDir: string, retired: readonly RetiredIdentity[]): Promise<void> {
  const path = keyringPath(dataDir)
  const body = {
    type: 'intelmesh-keyring',
    retired: retired.map(({ identity, statement }) => {
      const seed = identity.exportSeed()
      const entry: KeyringEntryFile = { seed: Buffer.from(seed).toString('base64'), memberKey: identity.memberKey, statement: statementToWire(statement) }
      seed.fill(0)
      return entry
    })
  }
  await writeFileDurably(path, `${JSON.stringify(body, null, 2)}\n`)
}
