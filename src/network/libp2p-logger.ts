import type { ComponentLogger, Logger } from '@libp2p/interface'

/** A logger that writes nothing; its scopes are itself. */
function disabledLogger (): Logger {
  const log = Object.assign((): void => {}, {
    error: (): void => {},
    trace: (): void => {},
    enabled: false,
    newScope: (): Logger => log
  })
  return log
}

/**
 * libp2p's own debug logging. libp2p makes a logger scope for every stream,
 * protocol negotiation and handler call, and its default (`debug`) builds two
 * or three loggers per scope, each asking whether stderr is a TTY (a system
 * call): 3 % of the CPU samples of a `bench:scale` run of 32 in-process
 * nodes (forming and both workloads) went there with every logger disabled. Unless `DEBUG` is set (libp2p's usual
 * switch, e.g. `DEBUG=libp2p:*`), libp2p gets one logger that writes nothing
 * and makes no scopes; with it, `undefined`: libp2p's default. Our own logs
 * go through pino, not here.
 */
export function libp2pLogger (env: NodeJS.ProcessEnv = process.env): ComponentLogger | undefined {
  if (env.DEBUG != null && env.DEBUG.trim() !== '') return undefined
  const log = disabledLogger()
  return { forComponent: () => log }
}
