import { pino } from 'pino'
import type { Logger, LoggerOptions } from 'pino'

/**
 * Paths pino must never print, wherever they appear in a log object: keys,
 * tokens and decrypted intel stay out of operator logs (STYLE rule 12).
 */
export const REDACTED_PATHS = [
  'seed', 'secret', 'secretKey', 'privateKey', 'token', 'authorization', 'stix', 'content', 'plaintext',
  '*.seed', '*.secret', '*.secretKey', '*.privateKey', '*.token', '*.authorization', '*.stix', '*.content', '*.plaintext',
  'req.headers.authorization'
]

/** Creates the node's structured JSON logger (one event per line). */
export function createLogger (options: { level?: LoggerOptions['level']; name?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: options.name == null ? undefined : { node: options.name },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' }
  }
  return options.destination == null ? pino(config) : pino(config, options.destination)
}
