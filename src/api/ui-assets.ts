// The admin page's static files. They carry no secret (the page asks for the
// API token and sends it with every data call), so these exact paths, and only
// these, are served without the token; anything else under /ui/ still needs it.

/** Where the admin page lives. */
export const UI_PREFIX = '/ui'

/** One static file of the page: its name in src/ui/ and its content type. */
export interface UiAsset {
  file: string
  contentType: string
}

/** URL path -> file; `/ui/` is the page itself. */
export const UI_ASSETS: Readonly<Record<string, UiAsset>> = {
  '/ui/': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/ui/app.js': { file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  '/ui/api.js': { file: 'api.js', contentType: 'text/javascript; charset=utf-8' },
  '/ui/dom.js': { file: 'dom.js', contentType: 'text/javascript; charset=utf-8' },
  '/ui/live.js': { file: 'live.js', contentType: 'text/javascript; charset=utf-8' },
  '/ui/matrix.js': { file: 'matrix.js', contentType: 'text/javascript; charset=utf-8' },
  '/ui/style.css': { file: 'style.css', contentType: 'text/css; charset=utf-8' },
  '/ui/favicon.svg': { file: 'favicon.svg', contentType: 'image/svg+xml' }
}

/**
 * Headers of every page file. No inline script or style and no other origin may
 * run, load or be called; no site may frame the page (clickjacking an admin).
 */
export const UI_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  // Revalidate every time (cheap: an ETag answers 304), so an upgraded node never serves a stale page.
  'cache-control': 'no-cache'
}

/** The path of a URL, without its query string. */
function pathOf (url: string): string {
  const query = url.indexOf('?')
  return query < 0 ? url : url.slice(0, query)
}

/** True for exactly the page's files and the `/ui` redirect, read with GET or HEAD: the paths served without the token. */
export function isUiAssetRequest (method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false
  const path = pathOf(url)
  return path === UI_PREFIX || Object.hasOwn(UI_ASSETS, path)
}
