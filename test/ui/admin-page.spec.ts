import { readFile } from 'node:fs/promises'
import { expect } from 'chai'
import { createApiServer } from '../../src/api/server.js'
import { dataFolderPaths } from '../../src/config/data-folder.js'
import { findChromium, chromiumPath, launchChromium } from '../../scripts/lib/chromium.js'
import { eventually, holds, startMember, tempRoot } from '../node/federation-helpers.js'
import { corpusBundle } from '../api/test-node.js'
import type { HeadlessBrowser } from '../../scripts/lib/chromium.js'
import type { TestMember } from '../node/federation-helpers.js'
import type { FastifyInstance } from 'fastify'
import type { Page } from 'puppeteer-core'

/** A member name that would run script if the page ever parsed data as markup. */
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Straits'

describe('ui - admin page in headless chromium', function () {
  let browser: HeadlessBrowser | undefined
  let page: Page
  let members: TestMember[] = []
  let remove = async (): Promise<void> => {}
  let app: FastifyInstance | undefined
  let base = ''
  let token = ''
  let firstId = ''
  const requests: string[] = []
  const consoleErrors: string[] = []
  const by = (label: string): TestMember => members.find(m => m.label === label) as TestMember
  // The page's code runs in the browser; this project type-checks without DOM types, so it is sent as text.
  const js = async <T>(expression: string): Promise<T> => page.evaluate(expression) as Promise<T>
  const text = async (selector: string): Promise<string | null> => js(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? null`)
  const data = async (selector: string, key: string): Promise<string | undefined> => js(`document.querySelector(${JSON.stringify(selector)})?.dataset[${JSON.stringify(key)}]`)
  // Rendered or not (checkVisibility): a CSS rule could show an element whose `hidden` property is set.
  const hidden = async (selector: string): Promise<boolean> => js(`!document.querySelector(${JSON.stringify(selector)}).checkVisibility()`)
  const until = async (expression: string, timeout = 10_000): Promise<void> => { await page.waitForFunction(expression, { timeout }) }

  before(async function () {
    const executable = await findChromium()
    if (executable == null) {
      // CI installs chromium and sets this: there, a missing browser is a failure, not a skip.
      if (process.env.INTELMESH_REQUIRE_BROWSER === '1') throw new Error(`INTELMESH_REQUIRE_BROWSER=1 but there is no chromium at ${chromiumPath()}`)
      console.log(`    (skipped: no chromium at ${chromiumPath()}; install Debian's chromium or set CHROMIUM_PATH)`)
      this.skip()
    }
    const temp = await tempRoot()
    remove = temp.remove
    members = await Promise.all([
      startMember({ label: 'DK', jurisdiction: 'DK' }, temp.root),
      startMember({ label: 'NL', jurisdiction: 'NL' }, temp.root),
      startMember({ label: 'SG', jurisdiction: 'SG' }, temp.root)
    ])
    // DK's admin typed a hostile name for the SG member: the page must show it as text.
    for (const admin of members) {
      for (const peer of members) {
        if (peer === admin) continue
        const name = admin.label === 'DK' && peer.label === 'SG' ? HOSTILE_NAME : peer.name
        await admin.node.addPeer({ key: peer.key, name, jurisdiction: peer.jurisdiction, addresses: peer.node.listenAddresses() })
      }
    }
    expect(await eventually(() => members.every(m => m.node.listPeers().filter(p => p.connected).length === 2), 15_000)).to.equal(true)
    const dk = by('DK')
    firstId = (await dk.node.publish({ stix: await corpusBundle('oasis-cti-documentation/apt1.json'), policy: { tlp: 'AMBER', allow: ['EU'] } })).id
    expect(await eventually(async () => holds(by('NL'), firstId))).to.equal(true)

    token = (await readFile(dataFolderPaths(dk.dataDir).token, 'utf8')).trim()
    app = createApiServer({ node: dk.node, token })
    base = await app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchChromium(executable as string)
    page = await browser.browser.newPage()
    page.on('request', request => { requests.push(request.url()) })
    page.on('console', message => { if (message.type() === 'error') consoleErrors.push(message.text()) })
    page.on('pageerror', err => { consoleErrors.push(String(err)) })
  })

  after(async () => {
    await browser?.close()
    await app?.close()
    for (const m of members) await m.node.stop().catch(() => {})
    await remove()
  })

  it('redirects /ui to /ui/ and asks for the token, then shows the dashboard', async () => {
    await page.goto(`${base}/ui`)
    expect(page.url()).to.equal(`${base}/ui/`)
    await page.waitForSelector('#token-input', { visible: true })
    await page.type('#token-input', token)
    await page.click('#token-form button[type=submit]')
    await page.waitForSelector('#dashboard', { visible: true })
    expect(await hidden('#login')).to.equal(true)
    await page.waitForSelector('#status dd')
    expect(await js('[...document.querySelectorAll("#status dt")].map(n => n.textContent)')).to.include.members(['Member key', 'Peers', 'Bundles'])
    expect(await text('#status dd code')).to.equal(by('DK').key)
    expect(await text('#node-title')).to.equal(`${by('DK').name} · DK`)
    expect(await js('sessionStorage.getItem("intelmesh.apiToken")')).to.equal(token)
    expect(await js('localStorage.length')).to.equal(0)
  })

  it('lists the peers with their status, connection and last seen', async () => {
    const nl = by('NL')
    await page.waitForSelector(`#peers tr[data-key="${nl.key}"]`)
    const row = `#peers tr[data-key="${nl.key}"]`
    expect(await text(`${row} .name`)).to.equal(nl.name)
    expect(await text(`${row} [data-field=status]`)).to.equal('active')
    expect(await text(`${row} [data-field=connection]`)).to.equal('connected')
    expect(await text(`${row} [data-field=last-seen]`)).to.match(/^now \(connected since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/)
  })

  it('shows the bundle with its recipients and the reason for the member left out', async () => {
    const dk = by('DK')
    const nl = by('NL')
    const sg = by('SG')
    await page.waitForSelector(`#matrix tr[data-bundle="${firstId}"]`)
    const cell = (key: string): string => `#matrix tr[data-bundle="${firstId}"] td[data-member="${key}"]`
    expect(await data(cell(dk.key), 'state')).to.equal('origin')
    expect(await data(cell(nl.key), 'state')).to.equal('recipient')
    expect(await data(cell(sg.key), 'state')).to.equal('left-out')
    const reason = (await dk.node.explain(firstId)).find(e => e.key === sg.key)?.reason as string
    expect(reason).to.include('SG')
    expect(await text(`${cell(sg.key)} .reason`)).to.equal(reason)
    expect(await text(`${cell(sg.key)} summary`)).to.equal('left out')
  })

  it('says whether delivery receipts exist on this node', async () => {
    const paths = Object.keys((await app!.inject({ url: '/openapi.json', headers: { authorization: `Bearer ${token}` } })).json().paths)
    if (paths.includes('/v1/bundles/{id}/deliveries')) {
      const selector = `#matrix tr[data-bundle="${firstId}"] td[data-member="${by('NL').key}"] [data-delivery]`
      await page.waitForSelector(selector)
      expect(await data(selector, 'delivery')).to.be.oneOf(['delivered', 'pending'])
    } else {
      expect(await text('#delivery-note')).to.include('delivery status: n/a')
    }
  })

  it('renders a hostile member name as text, never as markup', async () => {
    expect(await text(`#matrix thead th[data-member="${by('SG').key}"]`)).to.equal(HOSTILE_NAME)
    expect(await text(`#peers tr[data-key="${by('SG').key}"] .name`)).to.equal(HOSTILE_NAME)
    expect(await js('document.querySelectorAll("img").length')).to.equal(0)
    expect(await js('window.__pwned === undefined')).to.equal(true)
  })

  it('shows the audit chain verified', async () => {
    await until('document.getElementById("audit").dataset.state === "verified"')
    expect(await text('#audit')).to.match(/^verified: \d+ records, hash chain intact/)
  })

  it('adds a bundle published elsewhere through the live event stream, without a reload', async () => {
    await until('document.getElementById("live-state").dataset.state === "live"')
    await js('window.__samePage = true')
    const nl = by('NL')
    const { id } = await nl.node.publish({ stix: await corpusBundle('oasis-cti-documentation/poisonivy.json'), policy: { tlp: 'GREEN' } })
    await page.waitForSelector(`#matrix tr[data-bundle="${id}"]`, { timeout: 15_000 })
    await page.waitForSelector(`#events li[data-id="${id}"]`)
    expect(await js('window.__samePage')).to.equal(true)
    expect(await data('#matrix tbody tr', 'bundle')).to.equal(id)
    expect(await data(`#matrix tr[data-bundle="${id}"] td[data-member="${nl.key}"]`, 'state')).to.equal('origin')
    expect(await data(`#matrix tr[data-bundle="${id}"] td[data-member="${by('SG').key}"]`, 'state')).to.equal('recipient')
  })

  it('marks a retracted bundle and lists the retraction as it happens', async () => {
    const { id } = await by('DK').node.retract(firstId, 'false positive')
    await page.waitForSelector(`#matrix tr[data-bundle="${firstId}"].retracted`)
    await page.waitForSelector(`#events li[data-event="retracted"][data-id="${firstId}"]`)
    await page.waitForSelector(`#matrix tr[data-bundle="${id}"]`)
    expect(await text(`#matrix tr[data-bundle="${id}"] .badge.retraction`)).to.equal('retraction')
    expect(await text('#page-error')).to.equal('')
  })

  it('sent every request to the node itself and logged no console error', () => {
    const origin = new URL(base).origin
    expect(requests.length).to.be.greaterThan(5)
    expect(requests.filter(url => new URL(url).origin !== origin)).to.deep.equal([])
    expect(consoleErrors).to.deep.equal([])
  })

  it('parses server-sent events split anywhere, with comments, multi-line data and ids', async () => {
    const messages = await js(`import('/ui/live.js').then(({ SseParser }) => {
      const out = []
      const parser = new SseParser(message => out.push(message))
      for (const chunk of [': heartbeat\\r\\nevent: bun', 'dle\\r', '\\nid: 7\\ndata: {"a":', '1}\\n\\n', 'data: one\\rdata: two\\r\\r', 'event: x\\n\\n']) parser.push(chunk)
      return out
    })`)
    expect(messages).to.deep.equal([
      { event: 'bundle', data: '{"a":1}', id: '7' },
      { event: 'message', data: 'one\ntwo' }
    ])
  })

  it('reconnects after the API restarts and replays what it missed (Last-Event-ID)', async () => {
    const { port } = new URL(base)
    await app!.close()
    await until('document.getElementById("live-state").dataset.state === "reconnecting"')
    const { id } = await by('NL').node.publish({ stix: await corpusBundle('oasis-cti-documentation/indicator-for-malicious-url.json'), policy: { tlp: 'GREEN' } })
    expect(await eventually(async () => holds(by('DK'), id))).to.equal(true)
    app = createApiServer({ node: by('DK').node, token })
    await app.listen({ host: '127.0.0.1', port: Number(port) })
    await page.waitForSelector(`#matrix tr[data-bundle="${id}"]`, { timeout: 20_000 })
    await page.waitForSelector(`#events li[data-id="${id}"]`)
    expect(await data('#live-state', 'state')).to.equal('live')
  })

  it('forgets the token on request', async () => {
    await page.click('#forget')
    await page.waitForSelector('#token-form', { visible: true })
    expect(await js('sessionStorage.getItem("intelmesh.apiToken")')).to.equal(null)
    expect(await hidden('#dashboard')).to.equal(true)
    // Nothing the token showed stays in the page.
    expect(await js('document.querySelectorAll("#matrix tr, #peers tbody tr, #events li, #status dd").length')).to.equal(0)
  })

  it('sends a wrong token back to the form with an error', async () => {
    await page.type('#token-input', `${token.slice(0, -2)}xx`)
    await page.click('#token-form button[type=submit]')
    await until('document.getElementById("login-error").textContent.includes("401")')
    expect(await hidden('#login')).to.equal(false)
    expect(await hidden('#dashboard')).to.equal(true)
    expect(await js('sessionStorage.getItem("intelmesh.apiToken")')).to.equal(null)
  })
})
