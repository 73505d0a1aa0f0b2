import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { Store } from '../../src/store/store.js'

describe('keys - store.inheritSequences', () => {
  let dir: string
  let store: Store
  const old = NodeIdentity.generate().memberKey
  const next = NodeIdentity.generate().memberKey

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'intelmesh-inherit-'))
    store = await Store.open(join(dir, 'db'))
  })
  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('moves what was seen from the old key to the new one, merged with what the new key already sent', async () => {
    for (const seq of [1, 2, 3, 7]) await store.markSeen(old, seq)
    await store.markSeen(next, 5) // arrived under the new key before the acceptance finished
    await store.inheritSequences(old, next)
    expect(await store.seenSeqs(next)).to.deep.equal({ watermark: 3, above: [5, 7] })
    expect(await store.seenSeqs(old)).to.deep.equal({ watermark: 0, above: [] })
    expect((await store.gaps()).map(g => [g.origin, g.missing])).to.deep.equal([[next, [4, 6]]])
  })

  it('is durable (survives a reopen) and a no-op for a key never seen', async () => {
    await store.markSeen(old, 1)
    await store.inheritSequences(old, next)
    await store.inheritSequences(NodeIdentity.generate().memberKey, next)
    await store.close()
    store = await Store.open(join(dir, 'db'))
    expect(await store.seenSeqs(next)).to.deep.equal({ watermark: 1, above: [] })
    expect(await store.getCounter(next)).to.equal(0)
  })
})
