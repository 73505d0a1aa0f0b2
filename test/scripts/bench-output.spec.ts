import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'chai'

const run = promisify(execFile)
const REPO = process.cwd()

/**
 * Every `npm run bench*` script, in its quickest mode. The rule (README,
 * brief): exactly one JSON document on stdout, progress on stderr only, so
 * `npm run -s bench:x | jq` always works. A new bench script must be listed
 * here with the arguments that make it take seconds, or be checked by
 * `.ci/run` when it cannot.
 */
const QUICK: Record<string, { args: string[], ciOnly?: true }> = {
  'bench:crypto': { args: ['--seconds', '0.05'] },
  'bench:backup': { args: ['--bundles', '200'] },
  'bench:store': { args: ['--bundles', '300', '--sequential', '30', '--lookups', '100'] },
  'bench:pacing': { args: ['--quick'] },
  'bench:hotpath': { args: ['--bundles', '200', '--rounds', '1'] },
  'bench:commit-window': { args: ['--rates', '200', '--seconds', '0.5', '--rounds', '1'] },
  // Compared with itself here: only the output's form is under test.
  'bench:ab': { args: ['--base', '.', '--rounds', '2'] },
  'bench:scale': { args: ['--sizes', '4', '--bundles', '4', '--mesh', '0,2'] },
  // Node processes and every phase even at its smallest: a minute or two. .ci/run checks it.
  bench: { args: ['--quick', '--scale', 'none', '--nodes', '3', '--bundles', '100'], ciOnly: true }
}

const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
const ci = readFileSync(join(REPO, '.ci/run'), 'utf8')

describe('scripts - every benchmark prints exactly one JSON document on stdout', function () {
  this.timeout(120_000)

  it('lists every bench script of package.json with its quickest arguments', () => {
    const benches = Object.keys(scripts).filter(name => /^bench(:|$)/.test(name)).sort()
    expect(benches, 'add new bench scripts to QUICK in this spec').to.deep.equal(Object.keys(QUICK).sort())
  })

  for (const [script, { args, ciOnly }] of Object.entries(QUICK)) {
    if (ciOnly === true) {
      it(`${script}: checked by .ci/run (npm run -s ${script} -- ${args.join(' ')})`, () => {
        expect(ci).to.include(`npm run -s ${script} -- ${args.join(' ')}`)
      })
      continue
    }
    it(`npm run -s ${script} -- ${args.join(' ')}`, async () => {
      const { stdout } = await run('npm', ['run', '-s', script, '--', ...args], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 })
      let parsed: unknown
      expect(() => { parsed = JSON.parse(stdout) }, `stdout of ${script} is one JSON document:\n${stdout.slice(0, 500)}`).to.not.throw()
      expect(parsed).to.be.an('object').that.is.not.empty
    })
  }

  it('the quick chaos run is checked by .ci/run', () => {
    expect(ci).to.match(/^npm run -s chaos -- --quick/m)
  })
})
