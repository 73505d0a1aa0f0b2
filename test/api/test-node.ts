import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pino } from 'pino'
import { createApiServer } from '../../src/api/server.js'
import { initDataDir } from '../../src/node/init-data-dir.js'
import { IntelmeshNode } from '../../src/node/node.js'
import type { ApiServerInit } from '../../src/api/server.js'
import type { Role } from '../../src/directory/types.js'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'

/** A real node (LevelDB in a temp folder, libp2p on 127.0.0.1:0) with its API server, for tests. */
export interface TestNode {
  node: IntelmeshNode
  app: FastifyInstance
  token: string
  dir: string
  /** `{ authorization: 'Bearer …' }`. */
  auth: Record<string, string>
  stop: () => Promise<void>
}

/** Where the shared STIX corpus and schemas live (`../shared/data` from the repo root). */
export const SHARED_DATA = resolve(process.cwd(), '../shared/data')

/** Reads a bundle of the shared STIX corpus. */
export async function corpusBundle (path: string): Promise<{ type: 'bundle', id: string, objects: Array<Record<string, unknown>> }> {
  return JSON.parse(await readFile(join(SHARED_DATA, 'stix-corpus', path), 'utf8'))
}

/** Creates, starts and serves a fresh node; `stop()` closes everything and deletes its folder. */
export async function startTestNode (options: { name?: string, jurisdiction?: string, roles?: Role[], logger?: Logger, api?: ApiServerInit } = {}): Promise<TestNode> {
  const dir = await mkdtemp(join(tmpdir(), 'intelmesh-api-'))
  const { token } = await initDataDir(dir, {
    name: options.name ?? 'Test Firm',
    jurisdiction: options.jurisdiction ?? 'DK',
    ...(options.roles == null ? {} : { roles: options.roles }),
    listen: ['/ip4/127.0.0.1/tcp/0'],
    api: { host: '127.0.0.1', port: 0 }
  })
  const logger = options.logger ?? pino({ level: 'silent' })
  const node = await IntelmeshNode.create({ dataDir: dir, env: {}, logger })
  await node.start()
  const app = createApiServer({ node, token, logger }, options.api)
  return {
    node,
    app,
    token,
    dir,
    auth: { authorization: `Bearer ${token}` },
    stop: async () => {
      await app.close()
      await node.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
