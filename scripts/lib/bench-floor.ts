// The floor of a delivery's cost on this machine, from parts measured in the
// same run: what a federation would cost per delivery if it did nothing but
// the work the design requires — the recipient's receive pipeline, its share
// of the origin's publication, carrying the envelope's bytes over libp2p once
// (at the CPU per byte of a bulk transfer, as if every frame were full), and
// the delivery receipt's signature and check — with no feeds, fetches,
// batching, events or bookkeeping at all. It bounds what the federation
// figures can reach here: with every core busy, deliveries per second cannot
// pass cores ÷ floor, so `ratio_to_pipeline` cannot pass `ratio_at_floor`.

/** The measured parts, in CPU ms. */
export interface FloorParts {
  /** The receive pipeline, per bundle (the pipeline baseline). */
  receiveMs: number
  /** One publication to `recipients` members (the real Publisher). */
  publishMs: number
  recipients: number
  /** One envelope's bytes over bare libp2p in bulk, both processes (the bulk libp2p baseline). */
  transportMs: number
  /** Signing one delivery receipt and verifying it. */
  receiptMs: number
  cores: number
  /** The pipeline baseline's bundles per second (the ratio's denominator, per core). */
  pipelinePerS: number
}

/** The floor, its parts and what it allows. */
export interface DeliveryFloor {
  receive_ms: number
  publish_share_ms: number
  transport_ms: number
  receipt_ms: number
  total_ms: number
  /** cores ÷ total: deliveries per second with every core busy at the floor's cost. */
  delivered_per_s_at_floor: number
  /** delivered_per_s_at_floor ÷ (pipeline per second × cores): the highest ratio_to_pipeline this machine allows. */
  ratio_at_floor: number
}

/** The floor of one delivery from its measured parts (pure). */
export function deliveryFloor (parts: FloorParts): DeliveryFloor {
  const publishShare = parts.publishMs / parts.recipients
  const total = parts.receiveMs + publishShare + parts.transportMs + parts.receiptMs
  const deliveredPerS = parts.cores * 1000 / total
  return {
    receive_ms: round(parts.receiveMs, 3),
    publish_share_ms: round(publishShare, 3),
    transport_ms: round(parts.transportMs, 3),
    receipt_ms: round(parts.receiptMs, 3),
    total_ms: round(total, 3),
    delivered_per_s_at_floor: Math.round(deliveredPerS),
    ratio_at_floor: round(deliveredPerS / (parts.pipelinePerS * parts.cores), 3)
  }
}

function round (value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}
