import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { ByteReader } from '../../src/backup/byte-reader.js'

async function * chunks (bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

describe('backup - byte reader', () => {
  const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i & 255))

  for (const size of [1, 7, 300]) {
    it(`reads exact lengths across chunks of ${size} bytes, zero-length reads included, and hashes what it hands out`, async () => {
      const hash = createHash('sha256')
      const reader = new ByteReader(chunks(bytes, size), hash)
      const parts: Buffer[] = []
      for (const n of [0, 5, 0, 100, 1, 0, 154]) parts.push(await reader.read(n, 'part'))
      const trailer = await reader.read(40, 'trailer')
      expect(await reader.read(0, 'nothing at the end')).to.have.length(0)
      expect(Buffer.concat([...parts, trailer]).equals(bytes)).to.equal(true)
      expect(await reader.atEnd()).to.equal(true)
      // Everything but the last 32 bytes is hashed; those are held back as the trailer.
      expect(reader.unhashedTail.equals(bytes.subarray(268))).to.equal(true)
      expect(hash.digest().equals(createHash('sha256').update(bytes.subarray(0, 268)).digest())).to.equal(true)
    })
  }

  it('an end inside a read is a truncated backup', async () => {
    const reader = new ByteReader(chunks(bytes, 64), createHash('sha256'))
    await reader.read(290, 'most')
    const err = await reader.read(11, 'the rest').then(() => undefined, (e: unknown) => e as { code: string })
    expect(err?.code).to.equal('BACKUP_TRUNCATED')
  })
})
