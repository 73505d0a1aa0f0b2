import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { UI_ASSETS, UI_HEADERS, UI_PREFIX } from '../ui-assets.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** Where the page's files are: `src/ui/` beside this module's `src/api/`. */
const UI_DIR = new URL('../../ui/', import.meta.url)

/** A page file read at start-up, with its strong ETag. */
interface LoadedAsset {
  body: Buffer
  contentType: string
  etag: string
}

/** Options of the admin page routes. */
export interface UiRoutesOptions {
  /** Folder holding the page's files (default: the package's `src/ui/`). */
  dir?: URL
}

/**
 * The admin web page at `/ui/` (and a redirect from `/ui`): a few static files
 * read once when the server is built, served with a strict Content-Security-Policy.
 * The page itself calls the token-protected `/v1` routes.
 */
export async function uiRoutes (app: FastifyInstance, opts: UiRoutesOptions): Promise<void> {
  const dir = opts.dir ?? UI_DIR
  const assets = new Map<string, LoadedAsset>()
  for (const [path, asset] of Object.entries(UI_ASSETS)) {
    const body = await readFile(new URL(asset.file, dir))
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
    assets.set(path, { body, contentType: asset.contentType, etag })
  }

  const serve = (asset: LoadedAsset) => async (request: FastifyRequest, reply: FastifyReply) => {
    // The router ignores trailing slashes, so `/ui` arrives here too: relative links need `/ui/`.
    if (request.url.split('?')[0] === UI_PREFIX) return reply.redirect(`${UI_PREFIX}/`, 308)
    reply.headers(UI_HEADERS).header('etag', asset.etag)
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send()
    return reply.type(asset.contentType).send(asset.body)
  }
  for (const [path, asset] of assets) {
    app.get(path, { schema: { hide: true } }, serve(asset))
  }
}
