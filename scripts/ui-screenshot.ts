// Screenshot of the admin web page for the README: five real nodes on
// 127.0.0.1 (firms in DK, NL, FR, SG and an NL authority), four bundles under
// different policies, one node stopped so the peers table shows a last-seen
// time, then DK's page in headless chromium, written to docs/images/admin-ui.png.
//   npm run ui:screenshot            (CHROMIUM_PATH overrides /usr/bin/chromium)
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pino } from 'pino'
import { createApiServer } from '../src/api/server.js'
import { initDataDir } from '../src/node/init-data-dir.js'
import { IntelmeshNode } from '../src/node/node.js'
import { chromiumPath, findChromium, launchChromium } from './lib/chromium.js'
import type { Role } from '../src/directory/types.js'
import type { FastifyInstance } from 'fastify'

const CORPUS = resolve(process.cwd(), '../shared/data/stix-corpus')
const OUTPUT = resolve(process.cwd(), 'docs/images/admin-ui.png')

interface Spec { label: string, name: string, jurisdiction: string, roles: Role[] }
interface Running extends Spec { node: IntelmeshNode, dataDir: string, token: string }

const SPECS: Spec[] = [
  { label: 'DK', name: 'Nordhavn Bank (DK)', jurisdiction: 'DK', roles: ['member'] },
  { label: 'NL', name: 'Grachten Verzekeringen (NL)', jurisdiction: 'NL', roles: ['member'] },
  { label: 'FR', name: 'Banque de la Loire (FR)', jurisdiction: 'FR', roles: ['member'] },
  { label: 'NL-AUTH', name: 'NCSC-NL (authority)', jurisdiction: 'NL', roles: ['authority'] },
  { label: 'SG', name: 'Straits Partner (SG)', jurisdiction: 'SG', roles: ['member'] }
]

const log = (line: string): void => { process.stderr.write(`${line}\n`) }

async function start (root: string, spec: Spec): Promise<Running> {
  const dataDir = join(root, spec.label)
  const { token } = await initDataDir(dataDir, {
    name: spec.name, jurisdiction: spec.jurisdiction, roles: spec.roles, listen: ['/ip4/127.0.0.1/tcp/0'], api: { host: '127.0.0.1', port: 0 }
  })
  const node = await IntelmeshNode.create({ dataDir, env: {}, logger: pino({ level: 'silent' }) })
  await node.start()
  return { ...spec, node, dataDir, token }
}

async function until (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

async function stix (file: string): Promise<string> {
  return readFile(join(CORPUS, file), 'utf8')
}

async function main (): Promise<void> {
  const executable = await findChromium()
  if (executable == null) throw new Error(`no chromium at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`)
  const root = await mkdtemp(join(tmpdir(), 'intelmesh-ui-shot-'))
  const nodes: Running[] = []
  let app: FastifyInstance | undefined
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined
  try {
    nodes.push(...await Promise.all(SPECS.map(async spec => start(root, spec))))
    const by = (label: string): Running => nodes.find(n => n.label === label) as Running
    for (const admin of nodes) {
      for (const peer of nodes) {
        if (peer !== admin) await admin.node.addPeer({ key: peer.node.memberKey, name: peer.name, jurisdiction: peer.jurisdiction, roles: peer.roles, addresses: peer.node.listenAddresses() })
      }
    }
    await until('the full mesh', () => nodes.every(n => n.node.listPeers().filter(p => p.connected).length === nodes.length - 1))
    log('mesh up; publishing')
    await by('DK').node.publish({ stix: await stix('oasis-cti-documentation/apt1.json'), policy: { tlp: 'GREEN', authorities: true } })
    await by('NL').node.publish({ stix: await stix('oasis-common-objects/incident-with-cyber-observables.json'), policy: { tlp: 'AMBER', allow: ['EU'], personalData: true } })
    await by('DK').node.publish({ stix: await stix('oasis-cti-documentation/poisonivy.json'), policy: { tlp: 'AMBER', deny: ['FR'] } })
    await by('DK').node.publish({ stix: await stix('oasis-cti-documentation/indicator-for-malicious-url.json'), policy: { tlp: 'RED', members: [by('NL').node.memberKey] } })
    await until('delivery to DK', async () => (await by('DK').node.listBundles({ limit: 10 })).items.length === 4)
    // One member goes away, so the peers table shows a disconnected peer with its last-seen time.
    await by('SG').node.stop()
    await until('SG disconnected', () => by('DK').node.listPeers().some(p => p.name.includes('SG') && !p.connected))

    const dk = by('DK')
    app = createApiServer({ node: dk.node, token: dk.token })
    const base = await app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchChromium(executable, { width: 1360, height: 900 })
    const page = await browser.browser.newPage()
    await page.goto(`${base}/ui/`)
    await page.type('#token-input', dk.token)
    await page.click('#token-form button[type=submit]')
    await page.waitForFunction('document.getElementById("audit").dataset.state === "verified"')
    await page.waitForFunction('document.getElementById("live-state").dataset.state === "live"')
    // A bundle arriving while the page is open shows up under live events.
    await by('FR').node.publish({ stix: await stix('oasis-cti-documentation/sighting-of-an-indicator.json'), policy: { tlp: 'AMBER', allow: ['EU'], authorities: true } })
    await page.waitForFunction('document.querySelectorAll("#matrix tbody tr").length === 5', { timeout: 20_000 })
    // Open one "left out" cell, as an admin would, to show the policy's reason.
    await page.click('#matrix tbody tr td[data-state="left-out"] summary')
    await mkdir(dirname(OUTPUT), { recursive: true })
    await page.screenshot({ path: OUTPUT as `${string}.png`, fullPage: true })
    log(`wrote ${OUTPUT}`)
  } finally {
    await browser?.close()
    await app?.close()
    for (const n of nodes) await n.node.stop().catch(() => {})
    await rm(root, { recursive: true, force: true })
  }
}

main().catch(err => {
  log(`ui-screenshot failed: ${(err as Error).message}`)
  process.exitCode = 1
})
