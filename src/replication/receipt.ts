import { concatBytes, verifyDomain } from '../crypto/index.js'
import { InvalidMemberKeyError, parseMemberKey } from '../crypto/member-key.js'
import type { NodeIdentity } from '../crypto/index.js'

/** Domain tag of a delivery receipt signature: a receipt signature can never pass for an envelope's. */
export const RECEIPT_SIGNATURE_DOMAIN = new TextEncoder().encode('intelmesh/receipt/v1\0')

/** A signed delivery receipt as it travels and as the origin keeps it. */
export interface SignedReceipt {
  /** The stored bundle's id, 64 lowercase hex. */
  id: string
  /** When the recipient stored the bundle, ms since the Unix epoch. */
  storedAt: number
  /** Ed25519 signature by the recipient over `receiptMessage(id, recipient, storedAt)`. */
  signature: Uint8Array
}

/**
 * The bytes a recipient signs: bundle id ‖ its own raw key ‖ storedAt (8 bytes,
 * big-endian). The recipient key is signed but not sent (the origin knows who
 * is on the other end of the connection), so a receipt kept by the origin
 * still names its signer to anyone who checks it later.
 */
export function receiptMessage (id: string, recipientRaw: Uint8Array, storedAt: number): Uint8Array {
  const time = new Uint8Array(8)
  new DataView(time.buffer).setBigUint64(0, BigInt(storedAt))
  return concatBytes(Uint8Array.from(Buffer.from(id, 'hex')), recipientRaw, time)
}

/** Signs the receipt of bundle `id`, stored at `storedAt`, by this node. Pure apart from the key. */
export function signReceipt (identity: NodeIdentity, id: string, storedAt: number): SignedReceipt {
  return { id, storedAt, signature: identity.sign(RECEIPT_SIGNATURE_DOMAIN, receiptMessage(id, identity.publicKey, storedAt)) }
}

/** True when `receipt` is signed by `recipient` (a member key); never throws for bad input. */
export function verifyReceipt (receipt: SignedReceipt, recipient: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(receipt.id) || !Number.isSafeInteger(receipt.storedAt) || receipt.storedAt < 0) return false
  let raw: Uint8Array
  try {
    raw = parseMemberKey(recipient)
  } catch (err) {
    if (err instanceof InvalidMemberKeyError) return false
    throw err
  }
  return verifyDomain(raw, RECEIPT_SIGNATURE_DOMAIN, receiptMessage(receipt.id, raw, receipt.storedAt), receipt.signature)
}
