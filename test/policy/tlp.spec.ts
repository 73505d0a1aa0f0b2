import { expect } from 'chai'
import { compareTlp, isTlp, maxTlp, parseTlp, tlpAtLeast, tlpForbidsRelay, tlpRank, tlpRequiresNamedMembers } from '../../src/policy/tlp.js'
import { TLP_LEVELS } from '../../src/policy/types.js'
import type { Tlp } from '../../src/policy/types.js'

describe('policy - tlp', () => {
  it('ranks the levels from CLEAR to RED', () => {
    expect(TLP_LEVELS.map(tlpRank)).to.deep.equal([0, 1, 2, 3, 4])
    expect([...TLP_LEVELS].reverse().sort(compareTlp)).to.deep.equal([...TLP_LEVELS])
  })

  it('tlpAtLeast compares restrictiveness', () => {
    expect(tlpAtLeast('RED', 'AMBER')).to.equal(true)
    expect(tlpAtLeast('AMBER', 'AMBER')).to.equal(true)
    expect(tlpAtLeast('GREEN', 'AMBER+STRICT')).to.equal(false)
    expect(maxTlp('GREEN', 'AMBER')).to.equal('AMBER')
    expect(maxTlp('RED', 'CLEAR')).to.equal('RED')
  })

  it('only AMBER+STRICT and RED require named members; only RED forbids relaying', () => {
    expect(TLP_LEVELS.filter(tlpRequiresNamedMembers)).to.deep.equal(['AMBER+STRICT', 'RED'])
    expect(TLP_LEVELS.filter(tlpForbidsRelay)).to.deep.equal(['RED'])
  })

  it('parses admin spellings to the canonical level', () => {
    const table: Array<[unknown, Tlp | undefined]> = [
      ['RED', 'RED'], ['red', 'RED'], ['TLP:AMBER', 'AMBER'], ['tlp:amber+strict', 'AMBER+STRICT'],
      ['AMBER_STRICT', 'AMBER+STRICT'], [' green ', 'GREEN'], ['WHITE', undefined], ['', undefined], [3, undefined], [undefined, undefined]
    ]
    for (const [input, expected] of table) {
      expect(parseTlp(input), String(input)).to.equal(expected)
    }
    expect(isTlp('AMBER+STRICT')).to.equal(true)
    expect(isTlp('amber')).to.equal(false)
  })
})
