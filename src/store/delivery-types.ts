/** A delivery receipt as the origin keeps it (origin side, `rcpt`). */
export interface StoredReceipt {
  /** When the recipient says it stored the bundle (signed), ms since epoch. */
  storedAt: number
  /** The recipient's Ed25519 signature, hex: anyone can check it later against the recipient's key. */
  signature: string
  /** When this node received the receipt, ms since epoch. */
  receivedAt: number
}

/** A signed receipt waiting for its origin's acknowledgement (recipient side, `rout`). */
export interface PendingReceipt {
  storedAt: number
  /** Signature, hex. */
  signature: string
}

/** One sighting a sighting bundle reports of an object of the bundle it refers to. */
export interface SightingSummary {
  /** The STIX id of the sighting object. */
  sightingId: string
  /** The sighted object (`sighting_of_ref`), e.g. `indicator--…`. */
  indicator: string
  count: number
  firstSeen?: string
  lastSeen?: string
}
