import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileDurably } from '../fs/durable-file.js'
import { DataFolderError, InvalidConfigError } from './errors.js'
import { resolveConfig } from './resolve.js'
import { readSecretFile, writeSecretFile } from './secret-file.js'
import type { NodeConfig } from './types.js'

/** Where the files of a node's data folder live. */
export function dataFolderPaths (dataDir: string): { identity: string; token: string; config: string; db: string } {
  return {
    identity: join(dataDir, 'identity.key'),
    token: join(dataDir, 'api-token'),
    config: join(dataDir, 'config.json'),
    db: join(dataDir, 'db')
  }
}

const DEFAULTS_URL = new URL('../../config/defaults.json', import.meta.url)

/** The defaults shipped in `config/defaults.json`. */
export async function readDefaults (): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(DEFAULTS_URL, 'utf8')) as Record<string, unknown>
}

/** Reads and validates a node's configuration: defaults ← DIR/config.json ← environment. */
export async function readNodeConfig (dataDir: string, env: Record<string, string | undefined> = process.env): Promise<NodeConfig> {
  const path = dataFolderPaths(dataDir).config
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new DataFolderError(`cannot read ${path}: ${(err as Error).message} (run intelmesh init first)`, { cause: err })
  }
  let file: unknown
  try {
    file = JSON.parse(text)
  } catch (err) {
    throw new InvalidConfigError('(file)', `${path} is not valid JSON: ${(err as Error).message}`)
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new InvalidConfigError('(file)', `${path} must hold a JSON object`)
  }
  return resolveConfig(await readDefaults(), file as Record<string, unknown>, env)
}

/** Writes the node's own config file, atomically and durably (only the fields that differ from the defaults are needed). */
export async function writeNodeConfig (dataDir: string, fields: Record<string, unknown>): Promise<void> {
  await writeFileDurably(dataFolderPaths(dataDir).config, JSON.stringify(fields, null, 2) + '\n')
}

/** Creates a fresh random API bearer token (mode 0600) and returns it. */
export async function createApiToken (dataDir: string): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await writeSecretFile(dataFolderPaths(dataDir).token, token + '\n')
  return token
}

/** Reads the API token, refusing a file readable by others. */
export async function readApiToken (dataDir: string): Promise<string> {
  return (await readSecretFile(dataFolderPaths(dataDir).token)).toString('utf8').trim()
}

/** Constant-time token comparison, so the API leaks nothing through timing. */
export function tokenMatches (expected: string, presented: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}
