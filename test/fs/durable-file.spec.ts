import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { pathExists, syncDirectory, writeFileDurably } from '../../src/fs/durable-file.js'

describe('durable files', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'intelmesh-durable-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('writes the content with mode 0600 and leaves no temporary file', async () => {
    const path = join(dir, 'secret')
    await writeFileDurably(path, 'token\n')
    expect(await readFile(path, 'utf8')).to.equal('token\n')
    expect((await stat(path)).mode & 0o777).to.equal(0o600)
    expect(await readdir(dir)).to.deep.equal(['secret'])
  })

  it('replaces an existing file whole by default', async () => {
    const path = join(dir, 'keyring.json')
    await writeFile(path, 'old content that is longer than the new one')
    await writeFileDurably(path, Uint8Array.from([1, 2, 3]))
    expect([...await readFile(path)]).to.deep.equal([1, 2, 3])
    expect(await readdir(dir)).to.deep.equal(['keyring.json'])
  })

  it('without replace, refuses an existing file with EEXIST and keeps it as it was', async () => {
    const path = join(dir, 'identity.key')
    await writeFile(path, 'the key')
    const err = await writeFileDurably(path, 'another key', { replace: false }).then(() => undefined, (e: NodeJS.ErrnoException) => e)
    expect(err?.code).to.equal('EEXIST')
    expect(await readFile(path, 'utf8')).to.equal('the key')
    expect(await readdir(dir)).to.deep.equal(['identity.key'])
  })

  it('fails in a folder that does not exist, leaving nothing', async () => {
    const err = await writeFileDurably(join(dir, 'missing', 'file'), 'x').then(() => undefined, (e: NodeJS.ErrnoException) => e)
    expect(err?.code).to.equal('ENOENT')
    expect(await readdir(dir)).to.deep.equal([])
  })

  it('syncs a folder, and refuses one that does not exist', async () => {
    await syncDirectory(dir)
    const err = await syncDirectory(join(dir, 'missing')).then(() => undefined, (e: NodeJS.ErrnoException) => e)
    expect(err?.code).to.equal('ENOENT')
  })

  it('tells whether a path exists, and throws what is not "missing"', async () => {
    const file = join(dir, 'file')
    expect(await pathExists(file)).to.equal(false)
    await writeFile(file, 'x')
    expect(await pathExists(file)).to.equal(true)
    // A path through a file: ENOTDIR, which is not "does not exist".
    const err = await pathExists(join(file, 'below')).then(() => undefined, (e: NodeJS.ErrnoException) => e)
    expect(err?.code).to.equal('ENOTDIR')
  })
})
