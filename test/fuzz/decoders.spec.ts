import { expect } from 'chai'
import { runFuzz } from './runner.js'
import { fuzzTargets } from './targets.js'

/**
 * In-suite fuzzing of every decoder that reads bytes from a peer: random and
 * mutated inputs (header mutations re-signed by the true origin, so the
 * checks behind the signature run too). A decoder may accept or refuse with
 * its typed error; anything else — an untyped throw, a broken invariant, an
 * unhandled rejection, or heap that keeps what it read — fails. `npm run
 * fuzz -- --inputs N --seed S` runs longer and prints the same report.
 */
describe('fuzz - envelope and protocol decoders', function () {
  this.timeout(60_000)

  it('100,000 random and mutated inputs: typed refusals only, no leaks', async () => {
    const report = await runFuzz(fuzzTargets(), { inputs: 100_000, seed: 20261129 })
    console.log(`      ${report.inputs} inputs in ${report.ms} ms (${report.inputsPerSecond}/s), heap ${Math.round(report.heapGrowthBytes / 1024)} KiB`)
    expect(report.faults, JSON.stringify(report.faults.slice(0, 3), null, 2)).to.deep.equal([])
    expect(report.unhandledRejections).to.equal(0)
    expect(report.inputs).to.be.at.least(100_000)
    for (const [name, target] of Object.entries(report.targets)) {
      // each target sees both outcomes: the mutations reach past the first check, and refusals happen
      expect(target.rejected, `${name} refused some`).to.be.greaterThan(0)
      expect(target.accepted, `${name} accepted some`).to.be.greaterThan(0)
    }
    expect(report.heapGrowthBytes, 'heap kept after the run').to.be.below(16 * 1024 * 1024)
  })
})
