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
  const address = tcpAddress(member)
  await member.node.stop()
  await startStoppedOn(member, address)
}

/** The member's 127.0.0.1 TCP listen address (without /p2p/), to restart it there later. */
export function tcpAddress (member: TestMember): string {
  const address = member.node.listenAddresses().find(a => a.startsWith('/ip4/127.0.0.1/tcp/'))
  if (address == null) throw new Error(`${member.label} listens on no 127.0.0.1 TCP address`)
  return address.split('/p2p/')[0] as string
}

/** Starts a stopped member again from its data folder, listening on `address`. */
export async function startStoppedOn (member: TestMember, address: string): Promise<void> {
  await patchConfig(member.dataDir, { listen: [address] })
  member.node = await IntelmeshNode.create({ dataDir: member.dataDir, env: {}, logger: silent })
  await member.node.start()
  member.key = member.node.memberKey
}

async function patchConfig (dataDir: string, fields: Record<string, unknown>): Promise<void> {
  const path = join(dataDir, 'config.json')
  const config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  await writeFile(path, JSON.stringify({ ...config, ...fields }, null, 2))
}

