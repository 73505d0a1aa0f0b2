import { expect } from 'chai'
import { NodeIdentity } from '../../src/crypto/index.js'
import { ReceiptRejectedError } from '../../src/replication/errors.js'
import { checkReceipt } from '../../src/replication/receipt-check.js'
import { RECEIPT_SIGNATURE_DOMAIN, receiptMessage, signReceipt, verifyReceipt } from '../../src/replication/receipt.js'
import { ENVELOPE_SIGNATURE_DOMAIN } from '../../src/crypto/index.js'
import type { ReceiptFacts } from '../../src/replication/receipt-check.js'
import type { BundleRecord } from '../../src/store/types.js'

const ID = 'a1'.repeat(32)
const NOW = 1_765_000_000_000

describe('replication - receipt', () => {
  const recipient = NodeIdentity.generate()
  const other = NodeIdentity.generate()
  const origin = NodeIdentity.generate()

  it('verifies a receipt signed by its recipient, and nothing else', () => {
    const receipt = signReceipt(recipient, ID, NOW)
    expect(receipt.signature.byteLength).to.equal(64)
    expect(verifyReceipt(receipt, recipient.memberKey)).to.equal(true)
    expect(verifyReceipt(receipt, other.memberKey), 'another key').to.equal(false)
    expect(verifyReceipt({ ...receipt, storedAt: NOW + 1 }, recipient.memberKey), 'another time').to.equal(false)
    expect(verifyReceipt({ ...receipt, id: 'b2'.repeat(32) }, recipient.memberKey), 'another bundle').to.equal(false)
    const flipped = Uint8Array.from(receipt.signature)
    flipped[10]! ^= 1
    expect(verifyReceipt({ ...receipt, signature: flipped }, recipient.memberKey), 'a flipped bit').to.equal(false)
    expect(verifyReceipt({ ...receipt, signature: receipt.signature.subarray(0, 63) }, recipient.memberKey), 'short').to.equal(false)
    expect(verifyReceipt(receipt, 'not-a-key'), 'a malformed key').to.equal(false)
    expect(verifyReceipt({ ...receipt, id: 'xyz' }, recipient.memberKey), 'a malformed id').to.equal(false)
    expect(verifyReceipt({ ...receipt, storedAt: -1 }, recipient.memberKey), 'a negative time').to.equal(false)
  })

  it('signs under its own domain: the same bytes signed as an envelope header do not pass', () => {
    const message = receiptMessage(ID, recipient.publicKey, NOW)
    expect(message.byteLength).to.equal(32 + 32 + 8)
    const crossDomain = { id: ID, storedAt: NOW, signature: recipient.sign(ENVELOPE_SIGNATURE_DOMAIN, message) }
    expect(verifyReceipt(crossDomain, recipient.memberKey)).to.equal(false)
    expect(verifyReceipt({ id: ID, storedAt: NOW, signature: recipient.sign(RECEIPT_SIGNATURE_DOMAIN, message) }, recipient.memberKey)).to.equal(true)
  })

  describe('checkReceipt (at the origin)', () => {
    const record = { id: ID, origin: origin.memberKey, kind: 'INTEL', created: NOW - 1000, recipients: [origin.memberKey, recipient.memberKey] } as unknown as BundleRecord
    const facts = (extra: Partial<ReceiptFacts> = {}): ReceiptFacts => ({ record, removed: false, from: recipient.memberKey, self: origin.memberKey, now: NOW, ...extra })
    const good = signReceipt(recipient, ID, NOW - 500)
    const cases: Array<{ name: string, receipt: ReturnType<typeof signReceipt>, facts: ReceiptFacts, code?: string }> = [
      { name: 'a valid receipt', receipt: good, facts: facts() },
      { name: 'an unknown bundle', receipt: good, facts: facts({ record: undefined }), code: 'RECEIPT_UNKNOWN_BUNDLE' },
      { name: 'a bundle retracted since', receipt: good, facts: facts({ record: undefined, removed: true }), code: 'RECEIPT_BUNDLE_REMOVED' },
      { name: 'a bundle another member published', receipt: good, facts: facts({ self: other.memberKey }), code: 'RECEIPT_NOT_ORIGIN' },
      { name: 'a sender that is not listed', receipt: signReceipt(other, ID, NOW), facts: facts({ from: other.memberKey }), code: 'RECEIPT_NOT_RECIPIENT' },
      { name: 'the origin acknowledging itself', receipt: signReceipt(origin, ID, NOW), facts: facts({ from: origin.memberKey }), code: 'RECEIPT_NOT_RECIPIENT' },
      { name: 'a listed sender relaying another signer', receipt: signReceipt(other, ID, NOW), facts: facts(), code: 'RECEIPT_BAD_SIGNATURE' },
      { name: 'a stored time before the bundle existed', receipt: signReceipt(recipient, ID, NOW - 1000 - 6 * 60_000), facts: facts(), code: 'RECEIPT_BAD_TIME' },
      { name: 'a stored time in the future', receipt: signReceipt(recipient, ID, NOW + 6 * 60_000), facts: facts(), code: 'RECEIPT_BAD_TIME' }
    ]
    for (const c of cases) {
      it(`${c.name}: ${c.code ?? 'accepted'}`, () => {
        const run = (): void => { checkReceipt(c.receipt, c.facts) }
        if (c.code == null) expect(run).to.not.throw()
        else expect(run).to.throw(ReceiptRejectedError).with.property('code', c.code)
      })
    }
  })
})
