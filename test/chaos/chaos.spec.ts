import { expect } from 'chai'
import { runChaos } from '../../scripts/lib/chaos-run.js'

/**
 * The short, in-process version of `npm run chaos`: five nodes under a
 * publish workload, stopped abruptly and restarted at random, partitioned
 * (each side suspends the other) and healed. Afterwards every node holds
 * exactly what it may hold, nothing acknowledged is lost, nothing is stored
 * twice, and every audit chain verifies. The script runs each node in its
 * own process and kills it with SIGKILL.
 */
describe('chaos - kills, restarts, partitions and heals among five nodes', function () {
  this.timeout(90_000)

  it('loses nothing, leaks nothing, duplicates nothing', async () => {
    const report = await runChaos({ mode: 'in-process', rounds: 4, roundMs: 2_500, concurrency: 3, killEveryMs: 900, convergeMs: 30_000, seed: 424242 })
    console.log(`      ${JSON.stringify(report)}`)
    expect(report.problems).to.deep.equal([])
    expect(report.kills, 'kills').to.be.at.least(2)
    expect(report.partitions, 'partitions').to.equal(2)
    expect(report.published, 'acknowledged publications').to.be.at.least(20)
    expect(report.lost, 'lost').to.equal(0)
    expect(report.leaks, 'leaks').to.equal(0)
    expect(report.duplicates, 'duplicates').to.equal(0)
    expect(report.recipientMismatches, 'recipients differ from the oracle').to.equal(0)
    expect(report.auditChainsVerified, 'audit chains verified').to.equal(report.nodes)
  })
})
