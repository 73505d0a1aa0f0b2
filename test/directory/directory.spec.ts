import { expect } from 'chai'
import { hasCode } from '../../src/errors.js'
import { Directory } from '../../src/directory/directory.js'
import { validateMemberInput } from '../../src/directory/member.js'
import { keyOf } from '../policy/fixtures.js'
import type { DirectoryChange, DirectoryPersistence, Member } from '../../src/directory/types.js'

const T0 = 1_700_000_000_000
const SELF = validateMemberInput({ key: keyOf(50), name: 'Self CERT', jurisdiction: 'DE', groups: ['finance'] }, T0)
const A = keyOf(51)
const B = keyOf(52)
const C = keyOf(53)

/** In-memory persistence that records every call, in order, with the events around it. */
class RecordingPersistence implements DirectoryPersistence {
  readonly log: string[] = []
  readonly saved = new Map<string, Member>()
  failNext = false

  async save (member: Member): Promise<void> {
    await new Promise(resolve => setImmediate(resolve))
    this.#maybeFail()
    this.log.push(`save ${member.name} ${member.status}`)
    this.saved.set(member.key, member)
  }

  async delete (key: string): Promise<void> {
    await new Promise(resolve => setImmediate(resolve))
    this.#maybeFail()
    this.log.push(`delete ${this.saved.get(key)?.name ?? key}`)
    this.saved.delete(key)
  }

  #maybeFail (): void {
    if (this.failNext) {
      this.failNext = false
      throw new Error('disk full')
    }
  }
}

async function codeOf (promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => undefined, (e: unknown) => e)
  expect(err, 'expected a rejection').to.not.equal(undefined)
  expect(hasCode(err, (err as { code: string }).code)).to.equal(true)
  return (err as { code: string }).code
}

describe('directory - Directory', () => {
  let persistence: RecordingPersistence
  let directory: Directory
  let events: DirectoryChange[]

  beforeEach(() => {
    persistence = new RecordingPersistence()
    directory = new Directory({ persistence }, { self: SELF })
    events = []
    directory.addEventListener('change', evt => {
      events.push(evt.detail)
      persistence.log.push(`event ${evt.detail.kind} ${evt.detail.member.name}`)
    })
  })

  it('holds its own entry', () => {
    expect(directory.self).to.deep.equal(SELF)
    expect(directory.list()).to.deep.equal([SELF])
    expect(directory.has(SELF.key)).to.equal(true)
  })

  it('adds a member, persisting before it emits', async () => {
    const added = await directory.add({ key: A, name: 'Alpha', jurisdiction: 'fr' }, T0 + 1)
    expect(added).to.include({ key: A, jurisdiction: 'FR', added: T0 + 1, updated: T0 + 1 })
    expect(directory.get(A)).to.deep.equal(added)
    expect(persistence.log).to.deep.equal(['save Alpha active', 'event added Alpha'])
    expect(events).to.deep.equal([{ kind: 'added', member: added }])
  })

  it('refuses invalid input and duplicates, without persisting or emitting', async () => {
    expect(await codeOf(directory.add({ key: A, name: 'Alpha', jurisdiction: 'XX' }, T0))).to.equal('DIRECTORY_INVALID_MEMBER')
    await directory.add({ key: A, name: 'Alpha', jurisdiction: 'FR' }, T0)
    expect(await codeOf(directory.add({ key: A, name: 'Alpha again', jurisdiction: 'FR' }, T0))).to.equal('DIRECTORY_DUPLICATE_MEMBER')
    expect(await codeOf(directory.add({ key: SELF.key, name: 'Me', jurisdiction: 'DE' }, T0))).to.equal('DIRECTORY_DUPLICATE_MEMBER')
    expect(events.map(e => e.kind)).to.deep.equal(['added'])
  })

  it('serialises concurrent adds of one key', async () => {
    const results = await Promise.allSettled([
      directory.add({ key: A, name: 'First', jurisdiction: 'FR' }, T0),
      directory.add({ key: A, name: 'Second', jurisdiction: 'FR' }, T0)
    ])
    expect(results.map(r => r.status)).to.deep.equal(['fulfilled', 'rejected'])
    expect(directory.get(A)?.name).to.equal('First')
    expect(persistence.log).to.deep.equal(['save First active', 'event added First'])
  })

  it('adds several members at once: all persisted before the first event, which already sees them all', async () => {
    const seen: string[][] = []
    directory.addEventListener('change', () => { seen.push(directory.list().map(m => m.key)) })
    const added = await directory.addMany([{ key: A, name: 'Alpha', jurisdiction: 'fr' }, { key: B, name: 'Bravo', jurisdiction: 'NL' }], T0 + 1)
    expect(added.map(m => m.key)).to.deep.equal([A, B])
    expect(added[0]).to.include({ jurisdiction: 'FR', added: T0 + 1 })
    expect(persistence.log).to.deep.equal(['save Alpha active', 'save Bravo active', 'event added Alpha', 'event added Bravo'])
    expect(events).to.deep.equal([{ kind: 'added', member: added[0] }, { kind: 'added', member: added[1] }])
    const all = [SELF.key, A, B].sort()
    expect(seen).to.deep.equal([all, all])
  })

  it('adds none of a batch with an invalid entry or a duplicate (known, or twice in the batch)', async () => {
    await directory.add({ key: A, name: 'Alpha', jurisdiction: 'FR' }, T0)
    events.length = 0
    persistence.log.length = 0
    expect(await codeOf(directory.addMany([{ key: B, name: 'Bravo', jurisdiction: 'FR' }, { key: C, name: 'Charlie', jurisdiction: 'XX' }], T0))).to.equal('DIRECTORY_INVALID_MEMBER')
    expect(await codeOf(directory.addMany([{ key: B, name: 'Bravo', jurisdiction: 'FR' }, { key: A, name: 'Alpha again', jurisdiction: 'FR' }], T0))).to.equal('DIRECTORY_DUPLICATE_MEMBER')
    expect(await codeOf(directory.addMany([{ key: B, name: 'Bravo', jurisdiction: 'FR' }, { key: B, name: 'Bravo twice', jurisdiction: 'FR' }], T0))).to.equal('DIRECTORY_DUPLICATE_MEMBER')
    expect(directory.has(B)).to.equal(false)
    expect(persistence.log).to.deep.equal([])
    expect(events).to.deep.equal([])
  })

  it('a batch whose second write fails keeps and emits only the first entry', async () => {
    const save = persistence.save.bind(persistence)
    let writes = 0
    persistence.save = async (member: Member) => {
      if (++writes === 2) persistence.failNext = true
      await save(member)
    }
    const err = await directory.addMany([{ key: A, name: 'Alpha', jurisdiction: 'FR' }, { key: B, name: 'Bravo', jurisdiction: 'FR' }], T0).catch((e: unknown) => e)
    expect((err as Error).message).to.equal('disk full')
    expect(directory.has(A)).to.equal(true)
    expect(directory.has(B)).to.equal(false)
    expect(events.map(e => `${e.kind} ${e.member.name}`)).to.deep.equal(['added Alpha'])
  })

  it('suspends and activates, with events after persistence', async () => {
    await directory.add({ key: A, name: 'Alpha', jurisdiction: 'FR' }, T0)
    const suspended = await directory.suspend(A, T0 + 5)
    expect(suspended).to.include({ status: 'suspended', added: T0, updated: T0 + 5 })
    expect(directory.active().map(m => m.key)).to.deep.equal([SELF.key])
    await directory.activate(A, T0 + 6)
    expect(persistence.log).to.deep.equal([
      'save Alpha active', 'event added Alpha',
      'save Alpha suspended', 'event updated Alpha',
      'save Alpha active', 'event updated Alpha'
    ])
  })

  it('suspending an already suspended member changes nothing and emits nothing', async () => {
    await directory.add({ key: A, name: 'Alpha', jurisdiction: 'FR', status: 'suspended' }, T0)
    const before = directory.get(A)
    expect(await directory.suspend(A, T0 + 9)).to.equal(before)
    expect(events.map(e => e.kind)).to.deep.equal(['added'])
  })

  it('updates editable fields, keeping key and added', async () => {
    await directory.add({ key: A, name: 'Alpha', jurisdiction: 'FR' }, T0)
    const updated = await directory.update(A, { name: 'Alpha SA', groups: ['energy'], roles: ['authority'] }, T0 + 3)
    expect(updated).to.deep.include({ key: A, name: 'Alpha SA', groups: ['energy'], roles: ['authority'], added: T0, updated: T0 + 3 })
    expect(await codeOf(directory.update(A, { key: B } as never, T0))).to.equal('DIRECTORY_INVALID_MEMBER')
    expect(await codeOf(directory.update(A, { jurisdiction: 'EU' }, T0))).to.equal('DIRECTORY_INVALID_MEMBER')
    expect(await codeOf(directory.update(B, { name: 'Nobody' }, T0))).to.equal('DIRECTORY_UNKNOWN_MEMBER')
    expect(directory.get(A)).to.deep.equal(updated)
  })

  it('removes a member, persisting before it emits', async () => {
    await directory.add({ key: A, name: 'Alpha', jurisdiction: 'FR' }, T0)
    const removed = await directory.remove(A)
    expect(directory.has(A)).to.equal(false)
    expect(persistence.log.slice(2)).to.deep.equal(['delete Alpha', 'event removed Alpha'])
    expect(events.at(-1)).to.deep.equal({ kind: 'removed', member: removed })
    expect(await codeOf(directory.remove(A))).to.equal('DIRECTORY_UNKNOWN_MEMBER')
  })

  it('cannot remove or suspend itself', async () => {
    expect(await codeOf(directory.remove(SELF.key))).to.equal('DIRECTORY_SELF_PROTECTED')
    expect(await codeOf(directory.suspend(SELF.key, T0))).to.equal('DIRECTORY_SELF_PROTECTED')
    expect(await codeOf(directory.update(SELF.key, { status: 'suspended' }, T0))).to.equal('DIRECTORY_SELF_PROTECTED')
    expect(directory.self.status).to.equal('active')
    expect(events).to.deep.equal([])
  })

  it('may update its own entry', async () => {
    const me = await directory.update(SELF.key, { addresses: ['/ip4/192.0.2.1/tcp/4001'] }, T0 + 1)
    expect(directory.self).to.equal(me)
    expect(me.addresses).to.deep.equal(['/ip4/192.0.2.1/tcp/4001'])
  })

  it('a failed write changes nothing and emits nothing', async () => {
    persistence.failNext = true
    const err = await directory.add({ key: A, name: 'Alpha', jurisdiction: 'FR' }, T0).catch((e: unknown) => e)
    expect((err as Error).message).to.equal('disk full')
    expect(directory.has(A)).to.equal(false)
    await directory.add({ key: B, name: 'Bravo', jurisdiction: 'FR' }, T0)
    persistence.failNext = true
    await directory.remove(B).catch(() => {})
    expect(directory.has(B)).to.equal(true)
    expect(events.map(e => `${e.kind} ${e.member.name}`)).to.deep.equal(['added Bravo'])
  })

  it('lists in stable key order and returns frozen entries', async () => {
    for (const [key, name] of [[C, 'Charlie'], [A, 'Alpha'], [B, 'Bravo']] as const) {
      await directory.add({ key, name, jurisdiction: 'FR' }, T0)
    }
    const keys = directory.list().map(m => m.key)
    expect(keys).to.deep.equal([...keys].sort())
    expect(keys).to.have.length(4)
    expect(Object.isFrozen(directory.get(A))).to.equal(true)
    expect(() => { (directory.get(A)?.groups as string[]).push('x') }).to.throw(TypeError)
  })

  it('restores members from init, dropping an entry with the self key and refusing duplicates', () => {
    const a = validateMemberInput({ key: A, name: 'Alpha', jurisdiction: 'FR' }, T0)
    const staleSelf = { ...SELF, name: 'Old name' }
    const restored = new Directory({}, { self: SELF, members: [a, staleSelf] })
    expect(restored.list().map(m => m.name).sort()).to.deep.equal(['Alpha', 'Self CERT'])
    expect(() => new Directory({}, { self: SELF, members: [a, a] })).to.throw().with.property('code', 'DIRECTORY_DUPLICATE_MEMBER')
    expect(() => new Directory({}, { self: { ...SELF, jurisdiction: 'XX' } })).to.throw().with.property('code', 'DIRECTORY_INVALID_MEMBER')
    expect(() => new Directory({}, { self: { ...SELF, status: 'suspended' } })).to.throw().with.property('code', 'DIRECTORY_SELF_PROTECTED')
  })

  it('works without persistence', async () => {
    const memory = new Directory({}, { self: SELF })
    await memory.add({ key: A, name: 'Alpha', jurisdiction: 'FR' }, T0)
    await memory.remove(A)
    expect(memory.list()).to.deep.equal([SELF])
  })
})
