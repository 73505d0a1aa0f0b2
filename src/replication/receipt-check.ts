import { RECEIPT_CLOCK_SKEW_MS } from './constants.js'
import { ReceiptRejectedError } from './errors.js'
import { verifyReceipt } from './receipt.js'
import type { SignedReceipt } from './receipt.js'
import type { BundleRecord } from '../store/types.js'

/** Codes of refused receipts an honest recipient causes through ordinary races: counted, audited, no strike. */
export const BENIGN_RECEIPT_CODES: ReadonlySet<string> = new Set(['RECEIPT_BUNDLE_REMOVED'])

/** What the origin knows when it checks one receipt. */
export interface ReceiptFacts {
  /** Our record of the bundle, when we hold it. */
  record: BundleRecord | undefined
  /** True when the bundle is tombstoned here (retracted or purged since it was sent). */
  removed: boolean
  /** The peer that sent the receipt (authenticated by the connection). */
  from: string
  /** This node's member key. */
  self: string
  now: number
}

/**
 * Checks one receipt at the origin, cheapest first; throws ReceiptRejectedError
 * naming the problem. Pure: the store reads are done by the caller. A receipt
 * is valid only for a bundle this node published, from a member listed in its
 * signed header, signed by that member, with a plausible stored time.
 */
export function checkReceipt (receipt: SignedReceipt, facts: ReceiptFacts): void {
  const { record, from, self, now } = facts
  const { id } = receipt
  if (record == null) {
    if (facts.removed) throw new ReceiptRejectedError('RECEIPT_BUNDLE_REMOVED', `receipt from ${from} for bundle ${id}, which was retracted or purged here since`)
    throw new ReceiptRejectedError('RECEIPT_UNKNOWN_BUNDLE', `receipt from ${from} names bundle ${id}, which this node never published or holds`)
  }
  if (record.origin !== self) {
    throw new ReceiptRejectedError('RECEIPT_NOT_ORIGIN', `receipt from ${from} for bundle ${id}, which ${record.origin} published, not this node`)
  }
  if (from === self || !record.recipients.includes(from)) {
    throw new ReceiptRejectedError('RECEIPT_NOT_RECIPIENT', `receipt from ${from} for bundle ${id}, which does not list it as a recipient`)
  }
  if (!verifyReceipt(receipt, from)) {
    throw new ReceiptRejectedError('RECEIPT_BAD_SIGNATURE', `receipt for bundle ${id} is not signed by ${from}, the peer that sent it`)
  }
  if (receipt.storedAt < record.created - RECEIPT_CLOCK_SKEW_MS || receipt.storedAt > now + RECEIPT_CLOCK_SKEW_MS) {
    throw new ReceiptRejectedError('RECEIPT_BAD_TIME', `receipt from ${from} for bundle ${id} says it was stored at ${receipt.storedAt}, outside [created, now] by more than the allowed clock skew`)
  }
}
