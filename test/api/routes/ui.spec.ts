import { readdir, readFile } from 'node:fs/promises'
import { expect } from 'chai'
import { UI_ASSETS } from '../../../src/api/ui-assets.js'
import { startTestNode } from '../test-node.js'
import type { TestNode } from '../test-node.js'

const UI_DIR = new URL('../../../src/ui/', import.meta.url)

describe('api - routes - ui (the admin page files)', () => {
  let t: TestNode

  before(async () => { t = await startTestNode() })
  after(async () => { await t.stop() })

  it('serves every page file without the token, with its content type and the security headers', async () => {
    for (const [path, asset] of Object.entries(UI_ASSETS)) {
      const res = await t.app.inject({ url: path })
      expect(res.statusCode, path).to.equal(200)
      expect(res.headers['content-type'], path).to.equal(asset.contentType)
      expect(res.body, path).to.equal(await readFile(new URL(asset.file, UI_DIR), 'utf8'))
      const csp = String(res.headers['content-security-policy'])
      for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) {
        expect(csp.split('; '), `${path}: ${directive}`).to.include(directive)
      }
      expect(csp).to.not.include('unsafe-inline')
      expect(res.headers['x-content-type-options']).to.equal('nosniff')
      expect(res.headers['cache-control']).to.equal('no-cache')
      expect(res.headers.etag).to.match(/^"[A-Za-z0-9_-]+"$/)
    }
  })

  it('ships every file of src/ui/ and no other', async () => {
    const files = (await readdir(UI_DIR)).sort()
    expect(Object.values(UI_ASSETS).map(a => a.file).sort()).to.deep.equal(files)
  })

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await t.app.inject({ url: '/ui/app.js' })
    const again = await t.app.inject({ url: '/ui/app.js', headers: { 'if-none-match': String(first.headers.etag) } })
    expect(again.statusCode).to.equal(304)
    expect(again.body).to.equal('')
  })

  it('redirects /ui to /ui/', async () => {
    const res = await t.app.inject({ url: '/ui' })
    expect(res.statusCode).to.equal(308)
    expect(res.headers.location).to.equal('/ui/')
  })

  it('exempts only the page files, read with GET or HEAD: everything else still needs the token', async () => {
    expect((await t.app.inject({ method: 'HEAD', url: '/ui/style.css' })).statusCode).to.equal(200)
    expect((await t.app.inject({ url: '/ui/?from=bookmark' })).statusCode).to.equal(200)
    for (const request of [
      { url: '/ui/secret.json' }, { url: '/ui/index.html' }, { url: '/ui/../v1/status' }, { url: '/uix' },
      { url: '/v1/status' }, { url: '/v1/ui/' }, { method: 'POST' as const, url: '/ui/' }, { method: 'DELETE' as const, url: '/ui/app.js' }
    ]) {
      const res = await t.app.inject(request)
      expect(res.statusCode, `${request.method ?? 'GET'} ${request.url}`).to.equal(401)
      expect(res.json().error.code).to.equal('UNAUTHORIZED')
    }
    expect((await t.app.inject({ url: '/ui/secret.json', headers: t.auth })).statusCode).to.equal(404)
  })

  it('has no inline script, inline style, event handler attribute or HTML parsing of data', async () => {
    const html = await readFile(new URL('index.html', UI_DIR), 'utf8')
    expect(html).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(html).to.not.match(/\son[a-z]+=/i)
    expect(html).to.not.match(/\sstyle=/i)
    expect(html).to.not.match(/(src|href)="(https?:)?\/\//)
    for (const asset of Object.values(UI_ASSETS).filter(a => a.file.endsWith('.js'))) {
      const code = await readFile(new URL(asset.file, UI_DIR), 'utf8')
      expect(code, asset.file).to.not.match(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/)
      expect(code, asset.file).to.not.match(/https?:\/\//)
    }
  })

  it('keeps the page files out of the OpenAPI document', async () => {
    const paths = Object.keys((await t.app.inject({ url: '/openapi.json', headers: t.auth })).json().paths)
    expect(paths.filter(p => p.startsWith('/ui'))).to.deep.equal([])
  })
})
