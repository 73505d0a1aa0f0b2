import { readApiToken, readNodeConfig } from '../../config/data-folder.js'
import { createApiServer } from '../../api/server.js'
import { createLogger } from '../../node/logger.js'
import { IntelmeshNode } from '../../node/node.js'
import { parse } from '../args.js'
import { COMMON_USAGE } from '../command.js'
import type { Command } from '../command.js'

// Time for the rotation's HTTP answer to reach the admin before the API closes for the restart.
const RESPONSE_GRACE_MS = 200

const USAGE = `usage: intelmesh start [--data DIR]

Runs the node and its local API in the foreground, logging JSON lines to standard output.
SIGINT (Ctrl-C) or SIGTERM stops it cleanly. After 'intelmesh keys rotate' the node restarts
itself under its new key in the same process.
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
    let stopping: Promise<void> | undefined
    let wake: ((why: string) => void) | undefined
    let signalled: string | undefined
    const onSignal = (signal: string): void => {
      // A second signal while stopping means "now": leave without waiting.
      if (stopping != null) process.exit(1)
      signalled = signal
      wake?.(signal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    // A key rotation (docs/key-lifecycle.md) needs the node rebuilt under its new identity:
    // the API answers the rotation, then the node and the API restart in this process.
    for (;;) {
      const node = await IntelmeshNode.create({ dataDir: parsed.dataDir, logger })
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
      const why = await new Promise<string>(resolve => {
        wake = resolve
        if (signalled != null) resolve(signalled)
        node.events.addEventListener('restart-required', () => { setTimeout(() => { resolve('restart') }, RESPONSE_GRACE_MS) }, { once: true })
      })
      logger.info({ reason: why }, why === 'restart' ? 'restarting under the new key' : 'shutting down')
      stopping = (async () => {
        await app.close()
        await node.stop()
      })()
      await stopping
      if (why !== 'restart') break
      stopping = undefined
    }
    logger.flush()
    return 0
  }
}
