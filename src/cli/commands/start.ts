import { readApiToken, readNodeConfig } from '../../config/data-folder.js'
import { createApiServer } from '../../api/server.js'
import { createLogger } from '../../node/logger.js'
import { IntelmeshNode } from '../../node/node.js'
import { parse } from '../args.js'
import { COMMON_USAGE } from '../command.js'
import type { Command } from '../command.js'

const USAGE = `usage: intelmesh start [--data DIR]

Runs the node and its local API in the foreground, logging JSON lines to standard output.
SIGINT (Ctrl-C) or SIGTERM stops it cleanly.
${COMMON_USAGE}`

/** `intelmesh start`: node + API until SIGINT/SIGTERM. */
export const startCommand: Command = {
  name: 'start',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, {}, { min: 0, max: 0 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const config = await readNodeConfig(parsed.dataDir)
    const token = await readApiToken(parsed.dataDir)
    const logger = createLogger({ level: config.logLevel, name: config.name })
    const node = await IntelmeshNode.create({ dataDir: parsed.dataDir, logger })
    let stopping: Promise<void> | undefined
    const app = createApiServer({ node, token, logger })
    try {
      await node.start()
      const address = await app.listen({ host: node.config.api.host, port: node.config.api.port })
      logger.info({ api: address, memberKey: node.memberKey }, 'api listening')
    } catch (err) {
      await app.close().catch(() => {})
      await node.stop().catch(() => {})
      throw err
    }
    const signalled = new Promise<string>(resolve => {
      const onSignal = (signal: string): void => {
        // A second signal while stopping means "now": leave without waiting.
        if (stopping != null) process.exit(1)
        resolve(signal)
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
    })
    const signal = await signalled
    logger.info({ signal }, 'shutting down')
    stopping = (async () => {
      await app.close()
      await node.stop()
    })()
    await stopping
    logger.flush()
    return 0
  }
}
