import { encodeVarint } from '../../src/network/varint.js'
import { FETCH_PROTOCOL, MAX_FETCH_IDS } from '../../src/replication/constants.js'
import { FetchRequest } from '../../src/replication/messages.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { eventually, holds } from '../node/federation-helpers.js'
import { admitRogue, openArena } from './arena.js'
describe('dbg', function () {
  this.timeout(120000)
  it('x', async () => {
    const arena = await openArena()
    const rogue = await admitRogue(arena)
    const ids = Array.from({ length: MAX_FETCH_IDS }, (_, i) => Uint8Array.from(Buffer.alloc(32, i % 256)))
    const request = FetchRequest.encode({ ids })
    const frame = Buffer.concat([encodeVarint(request.length), request])
    const streams = await Promise.all(Array.from({ length: 30 }, async () => rogue.openStream(arena.victim.key, FETCH_PROTOCOL)))
    let flooding = true
    const floods = streams.map(async stream => { while (flooding && stream.status === 'open') { if (!stream.send(frame)) await new Promise(r => setTimeout(r, 5)); await new Promise(r => setImmediate(r)) } })
    const t0 = Date.now()
    const { id } = await arena.honest.node.publish({ stix: indicatorBundle(77, { label: 'h' }).stix, policy: { tlp: 'GREEN' } })
    const ok = await eventually(async () => holds(arena.victim, id), 30_000)
    console.log('honest delivered', ok, Date.now() - t0)
    flooding = false
    await Promise.all(floods)
    const recs = await arena.victim.node.audit({ limit: 1000 })
    const sends = recs.filter(r => r.type === 'send')
    console.log('audit records', recs.length, 'send', sends.length, 'bytes', JSON.stringify(sends).length)
    for (const s of streams) s.abort(new Error('x'))
    await rogue.stop(); await arena.stop()
  })
})
