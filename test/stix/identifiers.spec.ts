import { expect } from 'chai'
import { identifierType, isIdentifier, isRfc4122Uuid, isStixType } from '../../src/stix/index.js'

describe('stix - identifiers', () => {
  const TYPES: Array<[unknown, boolean]> = [
    ['indicator', true], ['x-mitre-tactic', true], ['abc', true], ['a1-b2', true], ['a'.repeat(250), true],
    ['ab', false], ['a'.repeat(251), false], ['Indicator', false], ['1abc', false], ['-abc', false], ['abc-', false],
    ['a--b', false], ['ab_c', false], ['ab c', false], ['', false], [42, false]
  ]
  for (const [value, ok] of TYPES) {
    it(`${ok ? 'accepts' : 'refuses'} type ${JSON.stringify(value)}`, () => expect(isStixType(value)).to.equal(ok))
  }

  const UUIDS: Array<[string, boolean]> = [
    ['8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', true],
    ['8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F', true],
    ['7e5e1a63-7824-5383-a430-0170edac5672', true],
    ['c8c32b6e-2ea8-11c4-9446-7f5218072f27', true],
    ['c8c32b6e-2ea8-51c4-6446-7f5218072f27', false],
    ['c8c32b6e-2ea8-61c4-8446-7f5218072f27', false],
    ['00000000-0000-0000-0000-000000000000', false],
    ['8e2e2d2b17d44cbf938f98ee46b3cd3f', false],
    ['8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3', false],
    ['8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3g', false],
    ['{8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3}', false]
  ]
  for (const [value, ok] of UUIDS) {
    it(`${ok ? 'accepts' : 'refuses'} UUID ${value}`, () => expect(isRfc4122Uuid(value)).to.equal(ok))
  }

  it('splits identifiers into their type', () => {
    expect(identifierType('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).to.equal('indicator')
    expect(identifierType('x-mitre-tactic--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).to.equal('x-mitre-tactic')
    expect(identifierType('indicator-8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).to.equal(undefined)
    expect(identifierType('In--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).to.equal(undefined)
    expect(identifierType('mandiant:ttp-a35bc05a-247d-49a9-b954-c5c7344c55cc')).to.equal(undefined)
    expect(isIdentifier('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f ')).to.equal(false)
    expect(isIdentifier(undefined)).to.equal(false)
  })
})
