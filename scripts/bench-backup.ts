// Backup benchmark: `npm run bench:backup -- --bundles 100000`. Prints one JSON
// document (progress on stderr): the time and size of a backup (plain and
// gzip) and of a restore of a store of N synthetic bundles, as ratios of a
// baseline measured in the same run — a raw copy of the database folder.
import { randomBytes } from 'node:crypto'
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { backupStream, readBackup, restoreBackup, saveBackupFile } from '../src/backup/index.js'
import { dataFolderPaths } from '../src/config/data-folder.js'
import { NODE_VERSION } from '../src/node/constants.js'
import { initDataDir } from '../src/node/init-data-dir.js'
import { Store } from '../src/store/store.js'
import type { AcceptInput } from '../src/store/types.js'

const { values } = parseArgs({ options: { bundles: { type: 'string', default: '100000' }, dir: { type: 'string' } } })
const BUNDLES = Number(values.bundles)
const ENVELOPE_BYTES = 2048
const PEER = '12D3KooWAHoEkEqnKzM5PXFygh2movVBCSX3k8tDsT2cneU68Gyt'
const POLICY = { tlp: 'GREEN' as const, allow: [], deny: [], groups: [], members: [], authorities: false, personalData: false }

/** Synthetic received bundle n: ~2 KiB incompressible envelope (like ciphertext), 5 observables, 2 objects, a checkpoint. */
function input (n: number): AcceptInput {
  const id = randomBytes(32).toString('hex')
  const envelope = randomBytes(ENVELOPE_BYTES)
  const objects = [{ id: `indicator--${id.slice(0, 8)}-0000-4000-8000-${id.slice(8, 20)}`, type: 'indicator' },
    { id: `observed-data--${id.slice(20, 28)}-0000-4000-8000-${id.slice(28, 40)}`, type: 'observed-data' }]
  const created = 1_700_000_000_000 + n * 1000
  const ip = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
  const observables = [ip, `host${n}.bench.example`, `http://host${n}.bench.example/p/${n}`, `x${n}@bench.example`, n.toString(16).padStart(8, '0').repeat(8)]
  return {
    id,
    envelope,
    record: {
      id, origin: PEER, kind: 'INTEL', created, expires: 0, tlp: 'GREEN', policy: POLICY, recipients: [PEER], receivedAt: created,
      from: PEER, size: envelope.byteLength, types: ['indicator', 'observed-data'], objects, seqs: { [PEER]: n + 1 }
    },
    observables: observables.map((value, i) => ({ value, objectId: (objects[i % 2] as { id: string }).id })),
    checkpoint: { peer: PEER, logId: 'bench-log', pos: n + 1 },
    seen: { origin: PEER, seq: n + 1 },
    audit: { type: 'receive', at: created, peer: PEER }
  }
}

async function seconds (run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  await run()
  return Number(process.hrtime.bigint() - start) / 1e9
}

async function folderBytes (dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}

const log = (text: string): void => { process.stderr.write(`${text}\n`) }
const round = (x: number, digits = 3): number => Number(x.toFixed(digits))

const root = values.dir ?? await mkdtemp(join(tmpdir(), 'intelmesh-bench-backup-'))
try {
  const dataDir = join(root, 'node')
  const { memberKey } = await initDataDir(dataDir, { name: 'bench', jurisdiction: 'DK' })
  const dbPath = dataFolderPaths(dataDir).db
  log(`filling a store with ${BUNDLES} bundles…`)
  const fill = await Store.open(dbPath, { sync: false })
  const fillSeconds = await seconds(async () => {
    for (let start = 0; start < BUNDLES; start += 1000) {
      await Promise.all(Array.from({ length: Math.min(1000, BUNDLES - start) }, async (_, i) => fill.accept(input(start + i))))
      if ((start / 1000) % 10 === 0) log(`  ${start + 1000}`)
    }
  })
  await fill.close()
  const dbBytes = await folderBytes(dbPath)

  log('baseline: raw copy of the database folder…')
  const copyPath = join(root, 'db-copy')
  const copySeconds = await seconds(async () => cp(dbPath, copyPath, { recursive: true }))
  await rm(copyPath, { recursive: true, force: true })

  const store = await Store.open(dbPath)
  const backups: Record<string, { seconds: number, verifySeconds: number, bytes: number }> = {}
  for (const gzip of [false, true]) {
    const name = gzip ? 'gzip' : 'plain'
    const file = join(root, `backup-${name}.imb`)
    log(`backup (${name})…`)
    let bytes = 0
    const total = await seconds(async () => {
      const saved = await saveBackupFile(backupStream(await store.snapshot(), { memberKey, nodeVersion: NODE_VERSION, created: Date.now() }, { gzip }), file)
      bytes = saved.bytes
    })
    // saveBackupFile reads the file back in full; measured alone too, to split writing from checking.
    const verifySeconds = await seconds(async () => readBackup(file))
    backups[name] = { seconds: total, verifySeconds, bytes }
  }
  await store.close()

  const restores: Record<string, { seconds: number }> = {}
  for (const name of ['plain', 'gzip']) {
    log(`restore (${name})…`)
    restores[name] = { seconds: await seconds(async () => restoreBackup({ dataDir, file: join(root, `backup-${name}.imb`), keepPrevious: false })) }
  }
  const restored = await Store.open(dbPath)
  const restoredBundles = (await restored.stats()).bundles
  await restored.close()
  if (restoredBundles !== BUNDLES) throw new Error(`restored ${restoredBundles} bundles, expected ${BUNDLES}`)

  const result = {
    benchmark: 'backup',
    date: new Date().toISOString(),
    // The machine may be shared: its load average at the end says how much the figures were contended.
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: loadavg().map(x => round(x, 1)) },
    bundles: BUNDLES,
    envelopeBytes: ENVELOPE_BYTES,
    fillSeconds: round(fillSeconds, 1),
    baseline: { dbFolderBytes: dbBytes, rawCopySeconds: round(copySeconds) },
    backup: Object.fromEntries(Object.entries(backups).map(([name, b]) => [name, {
      seconds: round(b.seconds),
      verifySeconds: round(b.verifySeconds),
      bytes: b.bytes,
      bytesPerBundle: round(b.bytes / BUNDLES, 1),
      sizeVsDbFolder: round(b.bytes / dbBytes),
      timeVsRawCopy: round(b.seconds / copySeconds, 2)
    }])),
    restore: Object.fromEntries(Object.entries(restores).map(([name, r]) => [name, {
      seconds: round(r.seconds),
      bundlesPerSecond: Math.round(BUNDLES / r.seconds),
      timeVsRawCopy: round(r.seconds / copySeconds, 2)
    }]))
  }
  process.stdout.write(JSON.stringify(result, null, 2) + '\n')
} finally {
  if (values.dir == null) await rm(root, { recursive: true, force: true })
}
