import { expect } from 'chai'
import { FEED_LINGER_MS } from '../../src/replication/constants.js'
import { indicatorBundle } from '../fixtures/stix-factory.js'
import { auditRecords, connected, eventually, publishMany, restartMember, useFederation } from '../node/federation-helpers.js'
import type { TestMember } from '../node/federation-helpers.js'

const BUNDLES = 40

/** Envelopes this member's fetch server sent, by its metric. */
async function sentCounter (member: TestMember): Promise<number> {
  const metric = await member.node.metrics.getSingleMetric('intelmesh_bundles_sent_total')?.get()
  return metric?.values.reduce((n, v) => n + v.value, 0) ?? 0
}

/**
 * Every feed is caught up and no batch is held back: a batch of relayed ids
 * leaves within FEED_LINGER_MS of its last entry. (A head that moved only
 * over entries not for the subscriber is told later, FEED_HEAD_ONLY_INTERVAL_MS:
 * after the restart the publisher reads past them again and announces nothing.)
 */
async function feedsSettled (members: TestMember[]): Promise<boolean> {
  const caughtUp = await Promise.all(members.map(async m => await m.node.caughtUp(10_000)))
  await new Promise(resolve => setTimeout(resolve, FEED_LINGER_MS * 2))
  return caughtUp.every(Boolean) && members.every(m => m.node.replicationProgress().every(p => p.caughtUp && p.pending === 0))
}

function peersCaughtUpWith (members: TestMember[], peer: TestMember): boolean {
  return members.filter(m => m !== peer).every(m => m.node.replicationProgress().some(p => p.peer === peer.key && p.caughtUp))
}

/**
 * A node that restarts resumes every feed from its checkpoints (and its peers
 * resume theirs on it): with nothing new, the resync exchanges hellos, resume
 * positions and one empty batch per feed — no envelope is sent or received.
 */
describe('replication - restart resumes from checkpoints', function () {
  this.timeout(40_000)
  const federation = useFederation([
    { label: 'dk', jurisdiction: 'DK' },
    { label: 'nl', jurisdiction: 'NL' },
    { label: 'fr', jurisdiction: 'FR' }
  ])

  it('transfers no envelope when nothing is new', async () => {
    const { members } = federation
    const [dk, nl, fr] = members as [TestMember, TestMember, TestMember]
    await publishMany(dk, BUNDLES / 2, n => ({ stix: indicatorBundle(n, { label: 'restart-dk' }).stix, policy: { tlp: 'GREEN' } }))
    await publishMany(fr, BUNDLES / 2, n => ({ stix: indicatorBundle(n, { label: 'restart-fr' }).stix, policy: { tlp: 'GREEN' } }))
    expect(await eventually(async () => (await Promise.all(members.map(async m => (await m.node.status()).bundles.stored))).every(n => n === BUNDLES), 20_000)).to.equal(true)
    for (const m of members) expect(await m.node.caughtUp(10_000), `${m.label} caught up`).to.equal(true)
    expect(await feedsSettled(members), 'feeds settled').to.equal(true)

    const sendsBefore = await Promise.all(members.map(async m => (await auditRecords(m, 'send')).length))
    const sentBefore = await Promise.all([dk, fr].map(sentCounter))
    const receivesBefore = (await auditRecords(nl, 'receive')).length
    const peerBytesBefore = [dk, fr].map(m => m.node.networkStats())

    await nl.node.stop()
    await restartMember(nl)
    expect(await connected(members, 2), 'reconnected').to.equal(true)
    expect(await nl.node.caughtUp(10_000), 'nl caught up on every feed').to.equal(true)
    expect(await eventually(() => peersCaughtUpWith(members, nl), 10_000), 'peers caught up on nl').to.equal(true)
    expect(nl.node.replicationProgress().map(p => p.checkpoint).every(c => c >= BUNDLES / 2), 'resumed at the stored checkpoints').to.equal(true)

    expect((await auditRecords(nl, 'receive')).length, 'no new receive at nl').to.equal(receivesBefore)
    expect(await Promise.all([dk, fr].map(sentCounter)), 'sent counters').to.deep.equal(sentBefore)
    // nl's own counter restarted with the process: it sent nothing since.
    expect(await sentCounter(nl)).to.equal(0)
    const sendsAfter = await Promise.all(members.map(async m => (await auditRecords(m, 'send')).length))
    expect(sendsAfter, 'no send audit record anywhere').to.deep.equal(sendsBefore)

    // Two feeds each way with each peer: hello, resume position, one empty tail batch.
    const nlBytes = nl.node.networkStats()
    const peerBytes = [dk, fr].map((m, i) => m.node.networkStats().bytesOut - peerBytesBefore[i]!.bytesOut)
    console.log(`      resync after restart: nl in ${nlBytes.bytesIn} B, out ${nlBytes.bytesOut} B; peers out ${peerBytes.join(', ')} B`)
    expect(nlBytes.bytesIn + nlBytes.bytesOut, 'bytes exchanged by nl').to.be.below(2_048)
    for (const bytes of peerBytes) expect(bytes).to.be.below(1_024)
  })
})
