import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createLogger } from '../../src/node/logger.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import type { TestMember } from '../node/federation-helpers.js'

const silent = createLogger({ level: process.env.INTELMESH_TEST_LOG ?? 'silent' })

/** Starts a member whose config may auto-accept rotations (keys.autoAcceptRotations). */
export async function startKeyMember (label: string, jurisdiction: string, root: string, options: { autoAccept?: boolean } = {}): Promise<TestMember> {
  const dataDir = join(root, label)
  const name = `${label} CERT`
  const { memberKey } = await initDataDir(dataDir, { name, jurisdiction, listen: ['/ip4/127.0.0.1/tcp/0'], api: { host: '127.0.0.1', port: 0 } })
  if (options.autoAccept === true) await patchConfig(dataDir, { keys: { autoAcceptRotations: true } })
  const node = await IntelmeshNode.create({ dataDir, env: {}, logger: silent })
  await node.start()
  return { label, node, dataDir, key: memberKey, name, jurisdiction, roles: ['member'], groups: [] }
}

/**
 * Stops a member and starts it again from its data folder on the same TCP port (as a real
 * node restarting on its configured address), e.g. under its new key after a rotation.
 */
export async function restartOnSamePort (member: TestMember): Promise<void> {
  const address = member.node.listenAddresses().find(a => a.startsWith('/ip4/127.0.0.1/tcp/'))
  const port = address?.split('/')[4]
  await member.node.stop()
  if (port != null) await patchConfig(member.dataDir, { listen: [`/ip4/127.0.0.1/tcp/${port}`] })
  member.node = await IntelmeshNode.create({ dataDir: member.dataDir, env: {}, logger: silent })
  await member.node.start()
  member.key = member.node.memberKey
}

async function patchConfig (dataDir: string, fields: Record<string, unknown>): Promise<void> {
  const path = join(dataDir, 'config.json')
  const config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  await writeFile(path, JSON.stringify({ ...config, ...fields }, null, 2))
}

