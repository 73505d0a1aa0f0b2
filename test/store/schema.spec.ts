import { expect } from 'chai'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import { MIGRATIONS, STORE_SCHEMA_VERSION, upgradeSchema } from '../../src/store/schema.js'
import { Store } from '../../src/store/store.js'
import { openSublevels } from '../../src/store/sublevels.js'
import { makeInput } from './fixtures.js'
import type { StoreDatabase } from '../../src/store/sublevels.js'

/** Every raw key and value of a LevelDB folder, for before/after comparisons. */
async function dump (path: string): Promise<Array<[string, string]>> {
  const db = new Level<string, string>(path, { createIfMissing: false })
  await db.open()
  try {
    return (await db.iterator({ keyEncoding: 'binary', valueEncoding: 'binary' } as never).all()) as never
  } finally {
    await db.close()
  }
}

/** Changes `meta/schema` behind the store's back (undefined removes it: a store made before the marker). */
async function setMarker (path: string, value: unknown): Promise<void> {
  const db = new Level<string, string>(path) as unknown as StoreDatabase
  await db.open()
  const subs = openSublevels(db)
  if (value === undefined) await subs.meta.del('schema')
  else await subs.meta.put('schema', value as number)
  await db.close()
}

describe('store - schema version', () => {
  let dir: string
  let path: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'intelmesh-schema-'))
    path = join(dir, 'db')
    const store = await Store.open(path)
    await store.accept(makeInput('a'))
    await store.close()
  })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('a new store carries the current version, and a store of the current version opens unchanged', async () => {
    const db = new Level<string, string>(path) as unknown as StoreDatabase
    await db.open()
    expect(await openSublevels(db).meta.get('schema')).to.equal(STORE_SCHEMA_VERSION)
    await db.close()
    const before = await dump(path)
    const store = await Store.open(path)
    expect(await store.has(makeInput('a').id)).to.equal(true)
    await store.close()
    expect(await dump(path)).to.deep.equal(before)
  })

  it('migrates a store made before the marker existed (version 0) and keeps its data', async () => {
    await setMarker(path, undefined)
    const store = await Store.open(path)
    expect(await store.has(makeInput('a').id)).to.equal(true)
    expect((await store.check()).ok).to.equal(true)
    await store.close()
    const db = new Level<string, string>(path) as unknown as StoreDatabase
    await db.open()
    expect(await openSublevels(db).meta.get('schema')).to.equal(STORE_SCHEMA_VERSION)
    await db.close()
  })

  it('refuses a newer version, naming both versions, and writes nothing', async () => {
    await setMarker(path, STORE_SCHEMA_VERSION + 1)
    const before = await dump(path)
    const err = await Store.open(path).then(() => undefined, (e: unknown) => e as Error & { code: string })
    expect(err?.code).to.equal('STORE_SCHEMA_TOO_NEW')
    expect(err?.message).to.include(`version ${STORE_SCHEMA_VERSION + 1}`).and.include(`version ${STORE_SCHEMA_VERSION}`)
    expect(await dump(path)).to.deep.equal(before)
  })

  it('refuses an unreadable marker as unknown, writing nothing', async () => {
    await setMarker(path, 'two' as unknown)
    const before = await dump(path)
    const err = await Store.open(path).then(() => undefined, (e: unknown) => e as { code: string })
    expect(err?.code).to.equal('STORE_SCHEMA_TOO_NEW')
    expect(await dump(path)).to.deep.equal(before)
  })

  it('an older version without a registered migration is refused naming both versions; registered steps run as one batch', async () => {
    await setMarker(path, undefined)
    const db = new Level<string, string>(path) as unknown as StoreDatabase
    await db.open()
    const subs = openSublevels(db)
    const err = await upgradeSchema(db, subs, true, []).then(() => undefined, (e: unknown) => e as Error & { code: string })
    expect(err?.code).to.equal('STORE_SCHEMA_UNSUPPORTED')
    expect(err?.message).to.include('version 0').and.include(`version ${STORE_SCHEMA_VERSION}`)
    expect(await subs.meta.get('schema')).to.equal(undefined)
    // A step that changes data lands together with the marker.
    const step = { from: 0, summary: 'test', stage: async () => [{ type: 'put', sublevel: subs.ctr, key: 'migrated', value: 7 }] as never }
    expect(await upgradeSchema(db, subs, true, [step])).to.equal(0)
    expect(await subs.ctr.get('migrated')).to.equal(7)
    expect(await subs.meta.get('schema')).to.equal(STORE_SCHEMA_VERSION)
    await db.close()
  })

  it('the registry has a step from every older version', () => {
    for (let v = 0; v < STORE_SCHEMA_VERSION; v++) expect(MIGRATIONS.some(m => m.from === v), `migration from ${v}`).to.equal(true)
  })
})
