import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { runCrashCycles } from '../../scripts/crash-harness.js'

// A child process ingests into a real LevelDB (4 concurrent writers, so group
// commits are in flight) and prints each id only after `accept` resolved; it
// is SIGKILLed at random moments, sometimes while still opening the database.
// After every kill the parent reopens the folder and checks that every
// acknowledged write is there and that the store is consistent (log
// contiguous, envelopes, records and indexes agree, counters match, audit
// chain verifies). `npm run crash:store -- --kills 500` runs more.
describe('store - crash', function () {
  this.timeout(240_000)
  let dir: string

  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'intelmesh-crash-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('loses no acknowledged write and leaves nothing half-written across 50 SIGKILLs', async () => {
    const report = await runCrashCycles({ dir: join(dir, 'db'), kills: 50, minDelayMs: 0, maxDelayMs: 200 })
    expect(report.failures).to.deep.equal([])
    expect(report.kills).to.equal(50)
    expect(report.acked).to.be.greaterThan(0)
    expect(report.logHead).to.be.at.least(report.acked)
  })
})
