import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect } from 'chai'
import { REPO, readContainerfile, valueImports } from './unit-file.js'

const CONTAINERFILE = join(REPO, 'deploy/Containerfile')

/** Every file below `dir` (relative to the repo) ending in one of `exts`. */
function filesUnder (dir: string, exts: string[]): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && exts.some(ext => entry.name.endsWith(ext))) out.push(relative(REPO, join(entry.parentPath, entry.name)))
  }
  return out
}

/** The .dockerignore patterns, as Docker applies them to a top-level path: last match wins. */
function ignored (path: string): boolean {
  const rules = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n').map(l => l.trim()).filter(l => l !== '' && !l.startsWith('#'))
  let result = false
  for (const rule of rules) {
    const negated = rule.startsWith('!')
    const pattern = (negated ? rule.slice(1) : rule).replace(/\/$/, '')
    const regex = new RegExp(`^${pattern.split('*').map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`)
    if (regex.test(path)) result = !negated
  }
  return result
}

describe('deploy - Containerfile', () => {
  const instructions = readContainerfile(CONTAINERFILE)
  const final = Math.max(...instructions.map(i => i.stage))
  const inFinal = (keyword: string): string[] => instructions.filter(i => i.stage === final && i.keyword === keyword).map(i => i.args)

  it('is multi-stage, from Node 24, installing production dependencies from the lock file', () => {
    const froms = instructions.filter(i => i.keyword === 'FROM')
    expect(froms.length).to.be.at.least(2)
    const base = instructions.find(i => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args ?? ''
    expect(base).to.match(/node:24\b/)
    const runs = instructions.filter(i => i.keyword === 'RUN').map(i => i.args).join('\n')
    expect(runs).to.match(/npm ci --omit=dev/)
    expect(inFinal('COPY').some(args => args.startsWith('--from=deps') && args.includes('node_modules'))).to.equal(true)
  })

  it('copies only files that exist in the repo and that .dockerignore lets into the build context', () => {
    const sources = instructions
      .filter(i => i.keyword === 'COPY' && !i.args.startsWith('--from='))
      .flatMap(i => i.args.split(/\s+/).slice(0, -1))
    expect(sources.length).to.be.at.least(5)
    for (const source of sources) {
      expect(existsSync(join(REPO, source)), `${source} exists`).to.equal(true)
      expect(ignored(source), `${source} is not in .dockerignore`).to.equal(false)
    }
    // ...and keeps out what must never be in an image.
    for (const path of ['node_modules', '.git', 'test', '.data', 'scripts', 'docs']) expect(ignored(path), path).to.equal(true)
  })

  it('runs as a non-root user, with the state in a volume, libp2p and API ports exposed', () => {
    const users = inFinal('USER')
    expect(users.length).to.equal(1)
    expect(users[0]).to.not.match(/^(root|0)(:|$)/)
    expect(inFinal('VOLUME')).to.deep.equal(['/var/lib/intelmesh'])
    expect(inFinal('EXPOSE').join(' ').split(/\s+/).sort()).to.deep.equal(['4001/tcp', '8750/tcp'])
  })

  it('checks health through GET /healthz and lets SIGTERM reach node (exec-form entrypoint)', () => {
    const health = inFinal('HEALTHCHECK')
    expect(health.length).to.equal(1)
    expect(health[0]).to.include('/healthz')
    expect(inFinal('STOPSIGNAL')).to.deep.equal(['SIGTERM'])
    const entrypoint = JSON.parse(inFinal('ENTRYPOINT')[0] ?? 'null') as string[]
    expect(entrypoint).to.deep.equal(['node', '/opt/intelmesh/bin/intelmesh.js'])
    expect(JSON.parse(inFinal('CMD')[0] ?? 'null')).to.deep.equal(['start', '--data', '/var/lib/intelmesh'])
  })

  it('every package the node imports at run time is installed by npm ci --omit=dev', () => {
    // tsx too: bin/intelmesh.js registers it to run the TypeScript sources.
    const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> }
    const files = [...filesUnder('src', ['.ts']), ...filesUnder('bin', ['.js'])]
    const needed = new Set(files.flatMap(file => valueImports(readFileSync(join(REPO, file), 'utf8'))))
    expect([...needed]).to.include.members(['tsx', 'libp2p', 'fastify', 'level'])
    for (const name of needed) {
      const entry = lock.packages[`node_modules/${name}`]
      expect(entry, `${name} is in the lock file`).to.not.equal(undefined)
      expect(entry?.dev ?? false, `${name} is a production package`).to.equal(false)
    }
  })
})
