import { expect } from 'chai'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { backupBody, readBackup, restoreBackup, saveBackupFile } from '../../src/backup/index.js'
import { dataFolderPaths } from '../../src/config/data-folder.js'
import { loadIdentity } from '../../src/crypto/index.js'
import { saveKeyring } from '../../src/keys/keyring-file.js'
import { createRotationStatement } from '../../src/keys/statement.js'
import { Store } from '../../src/store/store.js'
import { ALICE, BOB, makeInput } from '../store/fixtures.js'
import { backupTo, dumpFolder, fillStore, makeDataDir } from './helpers.js'
import type { StoreSnapshot } from '../../src/store/snapshot.js'

/** Keys a restore changes on purpose: a new log id, the catch-up state, the writer state and the restore audit record. */
function withoutRestoreChanges (dump: Map<string, string>, auditSeq: number): Map<string, string> {
  const out = new Map(dump)
  for (const k of ['!meta!logId', '!meta!recovery', '!meta!state', `!aud!${String(auditSeq).padStart(16, '0')}`]) out.delete(k)
  return out
}

describe('backup - store snapshot, file and restore', function () {
  this.timeout(60_000)
  let dataDir: string
  let memberKey: string
  let dbPath: string
  let file: string

  beforeEach(async () => {
    ({ dir: dataDir, memberKey } = await makeDataDir())
    dbPath = dataFolderPaths(dataDir).db
    file = join(dirname(dataDir), 'backup.imb')
  })
  afterEach(async () => { await rm(dirname(dataDir), { recursive: true, force: true }) })

  for (const gzip of [false, true]) {
    it(`round trip${gzip ? ' (gzip)' : ''}: every sublevel comes back byte for byte, with a new log id, a restore audit record and the catch-up state`, async () => {
      const store = await Store.open(dbPath)
      await fillStore(store, 300)
      const logId = store.logId
      const { auditHead } = await store.stats()
      await store.close()
      const before = await dumpFolder(dbPath)
      const reopened = await Store.open(dbPath)
      await backupTo(reopened, memberKey, file, gzip)
      await fillStore(reopened, 50, 'after') // written after the backup: must be gone once restored
      await reopened.close()

      const result = await restoreBackup({ dataDir, file, now: () => 1_800_000_000_000 })
      expect(result.compressed).to.equal(gzip)
      expect(result.header.counts.bundles).to.equal(300 - 1 + 1) // 300 intel, one retracted, one retraction
      expect(result.previous).to.be.a('string')
      expect(await readdir(dirname(dbPath))).to.include(result.previous!.split('/').pop())
      const after = await dumpFolder(dbPath)
      expect(withoutRestoreChanges(after, auditHead + 1)).to.deep.equal(withoutRestoreChanges(before, auditHead + 1))

      const restored = await Store.open(dbPath)
      try {
        expect(restored.logId).to.not.equal(logId)
        expect(restored.logId).to.equal(result.logId)
        expect(await restored.has(makeInput('after1').id)).to.equal(false)
        expect(await restored.has(makeInput('b1').id)).to.equal(true)
        const check = await restored.check()
        expect(check.problems).to.deep.equal([])
        const records = await restored.audit.read({ since: auditHead })
        expect(records.map(r => r.type)).to.deep.equal(['restore'])
        expect(records[0]?.detail).to.include({ previousLogId: logId, logId: result.logId })
        expect((await restored.audit.verify()).ok).to.equal(true)
        const recovery = await restored.recovery()
        expect(recovery?.previousLogId).to.equal(logId)
        expect(recovery?.pending).to.have.members([ALICE, BOB]) // the suspended member is not waited for
      } finally {
        await restored.close()
      }
    })
  }

  it('the snapshot is one consistent point while writes go on during the backup', async () => {
    const store = await Store.open(dbPath)
    await fillStore(store, 400)
    const head = await store.head()
    const stats = await store.stats()
    const snapshot = await store.snapshot()
    // Writes race the stream: every chunk read lets more of them commit.
    let i = 0
    const writing = (async () => {
      for (; i < 300; i++) await store.accept(makeInput(`during${i}`, { counters: [{ recipient: ALICE, seq: i + 1 }] }))
    })()
    const slowly = async function * (): AsyncGenerator<Buffer> {
      for await (const chunk of backupBody(snapshot, { memberKey, nodeVersion: 'test', created: 1 })) {
        await new Promise(resolve => setTimeout(resolve, 5))
        yield chunk
      }
    }
    await saveBackupFile(slowly(), file)
    const writtenDuring = i
    await writing
    await store.close()
    expect(writtenDuring, 'writes landed while the backup streamed').to.be.greaterThan(0)

    await restoreBackup({ dataDir, file })
    const restored = await Store.open(dbPath)
    try {
      expect(await restored.head()).to.equal(head)
      const restoredStats = await restored.stats()
      expect(restoredStats.bundles).to.equal(stats.bundles)
      expect(await restored.getCounter(ALICE)).to.equal(0)
      expect(await restored.has(makeInput('during0').id)).to.equal(false)
      expect((await restored.check()).problems).to.deep.equal([])
    } finally {
      await restored.close()
    }
  })

  describe('bad input is refused with a typed error and changes nothing', () => {
    let good: Buffer
    let before: Map<string, string>
    let listing: string[]

    beforeEach(async () => {
      const store = await Store.open(dbPath)
      await fillStore(store, 50)
      await backupTo(store, memberKey, file)
      await store.accept(makeInput('later'))
      await store.close()
      good = await readFile(file)
      before = await dumpFolder(dbPath)
      listing = await readdir(dataDir)
    })

    async function refused (bytes: Buffer | undefined, code: string, options: { dataDir?: string } = {}): Promise<void> {
      if (bytes !== undefined) await writeFile(file, bytes)
      const err = await restoreBackup({ dataDir: options.dataDir ?? dataDir, file }).then(() => undefined, (e: unknown) => e as Error & { code: string })
      expect(err?.code, err?.message).to.equal(code)
      expect(await readdir(dataDir)).to.deep.equal(listing)
      expect(await dumpFolder(dbPath)).to.deep.equal(before)
    }

    it('truncated (half, and all but the last byte)', async () => {
      await refused(good.subarray(0, good.length >> 1), 'BACKUP_TRUNCATED')
      await refused(good.subarray(0, good.length - 1), 'BACKUP_TRUNCATED')
    })

    it('one flipped bit in the records or the trailer', async () => {
      const flipped = Buffer.from(good)
      flipped[flipped.length >> 1] = flipped[flipped.length >> 1]! ^ 0x04
      await refused(flipped, 'BACKUP_CORRUPT')
      const trailer = Buffer.from(good)
      trailer[trailer.length - 1] = trailer[trailer.length - 1]! ^ 0x01
      await refused(trailer, 'BACKUP_CORRUPT')
    })

    it('bytes after the trailer', async () => {
      await refused(Buffer.concat([good, Buffer.from([0])]), 'BACKUP_CORRUPT')
    })

    it('wrong magic: not a backup at all', async () => {
      await refused(Buffer.from('{"type":"bundle"}'), 'BACKUP_NOT_A_BACKUP')
      await refused(Buffer.alloc(0), 'BACKUP_TRUNCATED')
    })

    it('an unknown format version', async () => {
      const future = Buffer.from(good)
      future.writeUInt16BE(2, 8)
      await refused(future, 'BACKUP_UNSUPPORTED_VERSION')
    })

    it('a truncated or damaged gzip file', async () => {
      const store = await Store.open(dbPath)
      await rm(file)
      await backupTo(store, memberKey, file, true)
      await store.close()
      before = await dumpFolder(dbPath)
      const gz = await readFile(file)
      await refused(gz.subarray(0, gz.length - 20), 'BACKUP_TRUNCATED')
      const damaged = Buffer.from(gz)
      damaged[damaged.length >> 1] = damaged[damaged.length >> 1]! ^ 0xff
      const err = await restoreBackup({ dataDir, file: await writeAndReturn(file, damaged) }).then(() => undefined, (e: unknown) => e as { code: string })
      expect(['BACKUP_CORRUPT', 'BACKUP_TRUNCATED']).to.include(err?.code)
      expect(await dumpFolder(dbPath)).to.deep.equal(before)
    })

    it('a store of a newer schema', async () => {
      const fake: StoreSnapshot = {
        logId: 'x', schema: 99, state: { head: 0, audit: { seq: 0, hash: '0'.repeat(64) }, stats: { bundles: 0, retracted: 0, purged: 0, tombstones: 0, bytes: 0, byKind: { INTEL: 0, RETRACTION: 0 } } },
        entries: async function * () {},
        close: async () => {}
      }
      await rm(file)
      await saveBackupFile(backupBody(fake, { memberKey, nodeVersion: 'test', created: 1 }), file)
      await refused(undefined, 'BACKUP_SCHEMA_TOO_NEW')
    })

    it("another node's backup", async () => {
      const other = await makeDataDir('other')
      try {
        const otherStore = await Store.open(dataFolderPaths(other.dir).db)
        await fillStore(otherStore, 5)
        await rm(file)
        await backupTo(otherStore, other.memberKey, file)
        await otherStore.close()
        await refused(undefined, 'BACKUP_WRONG_NODE')
      } finally {
        await rm(dirname(other.dir), { recursive: true, force: true })
      }
    })

    it('a backup made under a key this node has since retired (rotation)', async () => {
      const other = await makeDataDir('before-rotation')
      try {
        const oldStore = await Store.open(dataFolderPaths(other.dir).db)
        await fillStore(oldStore, 5)
        await rm(file)
        await backupTo(oldStore, other.memberKey, file)
        await oldStore.close()
        // This node rotated away from that key: the old one is in its keyring.
        const retired = await loadIdentity(other.dir)
        await saveKeyring(dataDir, [{ identity: retired, statement: createRotationStatement(retired, await loadIdentity(dataDir), Date.now()) }])
        listing = await readdir(dataDir)
        await refused(undefined, 'BACKUP_PREDATES_ROTATION')
      } finally {
        await rm(dirname(other.dir), { recursive: true, force: true })
      }
    })

    it('while the node runs (the store is open)', async () => {
      const running = await Store.open(dbPath)
      const err = await restoreBackup({ dataDir, file }).then(() => undefined, (e: unknown) => e as { code: string })
      expect(err?.code).to.equal('BACKUP_NODE_RUNNING')
      expect(await running.has(makeInput('later').id)).to.equal(true)
      await running.close()
      expect(await readdir(dataDir)).to.deep.equal(listing)
      expect(await dumpFolder(dbPath)).to.deep.equal(before)
    })

    it('a backup is verified when saved: a cut-off stream leaves no file', async () => {
      await rm(file)
      const cut = async function * (): AsyncGenerator<Buffer> { yield good.subarray(0, 100) }
      const err = await saveBackupFile(cut(), file).then(() => undefined, (e: unknown) => e as { code: string })
      expect(err?.code).to.equal('BACKUP_TRUNCATED')
      await stat(file).then(() => expect.fail('file exists'), () => {})
      await stat(`${file}.partial`).then(() => expect.fail('partial file left'), () => {})
      const exists = await saveBackupFile((async function * () { yield good })(), file).then(async () => saveBackupFile((async function * () { yield good })(), file)).then(() => undefined, (e: unknown) => e as { code: string })
      expect(exists?.code).to.equal('BACKUP_TARGET_EXISTS')
      expect((await readBackup(file)).header.memberKey).to.equal(memberKey)
    })
  })
})

async function writeAndReturn (path: string, bytes: Buffer): Promise<string> {
  await writeFile(path, bytes)
  return path
}

describe('backup - a restore interrupted during its swap', function () {
  this.timeout(30_000)

  it('is finished at the next start: a ready rebuilt store is renamed into place; an unfinished one is refused', async () => {
    const { finishInterruptedRestore } = await import('../../src/backup/index.js')
    const { mkdir, rename } = await import('node:fs/promises')
    const { dir, memberKey } = await makeDataDir()
    try {
      const dbPath = dataFolderPaths(dir).db
      const store = await Store.open(dbPath)
      await fillStore(store, 10)
      const file = join(dirname(dir), 'swap.imb')
      await backupTo(store, memberKey, file)
      await store.close()
      // The state a crash between the two renames leaves: db moved away, the rebuilt one marked ready.
      await restoreBackup({ dataDir: dir, file, keepPrevious: false })
      const staging = `${dbPath}.restoring-crash`
      await rename(dbPath, staging)
      await writeFile(`${staging}.ready`, '')
      expect(await finishInterruptedRestore(dir)).to.equal(staging)
      const reopened = await Store.open(dbPath)
      expect((await reopened.stats()).bundles).to.equal(10)
      await reopened.close()
      expect(await readdir(dir)).to.not.include('db.restoring-crash.ready')
      expect(await finishInterruptedRestore(dir), 'nothing to do with a db in place').to.equal(undefined)

      await rm(dbPath, { recursive: true })
      await mkdir(`${dbPath}.restoring-partial`)
      const err = await finishInterruptedRestore(dir).then(() => undefined, (e: unknown) => e as { code: string })
      expect(err?.code).to.equal('BACKUP_CORRUPT')
    } finally {
      await rm(dirname(dir), { recursive: true, force: true })
    }
  })
})
