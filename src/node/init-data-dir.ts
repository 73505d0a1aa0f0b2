import { mkdir } from 'node:fs/promises'
import { NodeIdentity, saveIdentity } from '../crypto/index.js'
import { createApiToken, dataFolderPaths, readNodeConfig, writeNodeConfig } from '../config/data-folder.js'
import { DataFolderError } from '../config/errors.js'
import { pathExists } from '../fs/durable-file.js'
import type { Role } from '../directory/types.js'

/** What `intelmesh init` asks for. */
export interface InitOptions {
  name: string
  jurisdiction: string
  roles?: Role[]
  groups?: string[]
  listen?: string[]
  api?: { host?: string, port?: number }
}

/**
 * Creates a node's data folder: identity key and API token (both 0600) and
 * the node's config file. Refuses a folder that already holds an identity, so
 * a key is never overwritten by accident. The config is validated before
 * anything is written.
 */
export async function initDataDir (dataDir: string, options: InitOptions): Promise<{ memberKey: string, token: string }> {
  const paths = dataFolderPaths(dataDir)
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  if (await pathExists(paths.identity)) {
    throw new DataFolderError(`${paths.identity} already exists: ${dataDir} is already initialised`)
  }
  const fields: Record<string, unknown> = { name: options.name, jurisdiction: options.jurisdiction }
  if (options.roles != null) fields.roles = options.roles
  if (options.groups != null) fields.groups = options.groups
  if (options.listen != null) fields.listen = options.listen
  if (options.api != null) fields.api = options.api
  await writeNodeConfig(dataDir, fields)
  await readNodeConfig(dataDir, {}) // validates, naming the field, before a key exists
  const identity = NodeIdentity.generate()
  await saveIdentity(dataDir, identity)
  const token = await createApiToken(dataDir)
  return { memberKey: identity.memberKey, token }
}
