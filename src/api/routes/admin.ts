import { BACKUP_GZIP_DEFAULT } from '../../backup/constants.js'
import type { IntelmeshNodeApi } from '../../node/types.js'
import type { FastifyInstance } from 'fastify'

/** Response headers that describe a streamed backup (the body's own header holds the same, checksummed). */
export const BACKUP_HEADERS = {
  logId: 'x-intelmesh-backup-log-id',
  logHead: 'x-intelmesh-backup-log-head',
  bundles: 'x-intelmesh-backup-bundles'
} as const

/**
 * `POST /v1/admin/backup`: a consistent backup of the running node's store,
 * streamed as it is read from one LevelDB snapshot (writes go on meanwhile).
 * The body ends with a SHA-256 trailer: a client must verify it (the CLI
 * does) — a cut-off response is a truncated file, never a smaller backup.
 */
export async function adminRoutes (app: FastifyInstance, opts: { node: IntelmeshNodeApi }): Promise<void> {
  const { node } = opts
  app.post<{ Body: { gzip?: boolean } | undefined }>('/v1/admin/backup', {
    schema: {
      summary: 'Stream a consistent backup of the store (docs/backup.md)',
      tags: ['admin'],
      body: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: { gzip: { type: 'boolean', description: `gzip the stream (default ${String(BACKUP_GZIP_DEFAULT)})` } }
      },
      produces: ['application/octet-stream'],
      response: { 200: { type: 'string', format: 'binary', description: 'the backup file (format in docs/backup.md)' } }
    }
  }, async (request, reply) => {
    const gzip = request.body?.gzip ?? BACKUP_GZIP_DEFAULT
    const { header, stream } = await node.backup({ gzip })
    const stamp = new Date(header.created).toISOString().replace(/[:.]/g, '-')
    stream.on('error', err => { request.log.warn({ err: (err as Error).message }, 'backup stream failed; the client gets a truncated file') })
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="intelmesh-${stamp}.imb${gzip ? '.gz' : ''}"`)
      .header(BACKUP_HEADERS.logId, header.logId)
      .header(BACKUP_HEADERS.logHead, String(header.counts.logHead))
      .header(BACKUP_HEADERS.bundles, String(header.counts.bundles))
      .send(stream)
  })
}
