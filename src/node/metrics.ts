import { Counter, Gauge, Histogram, Registry } from 'prom-client'

/** The node's Prometheus metrics; one registry per node so tests can run several nodes in a process. */
export class NodeMetrics {
  readonly registry = new Registry()
  readonly bundlesStored: Counter<'kind' | 'source'>
  readonly bundlesSent: Counter
  readonly rejects: Counter<'code'>
  readonly penalties: Counter
  readonly peersConnected: Gauge
  readonly bundlesByState: Gauge<'state'>
  readonly feedLag: Gauge<'peer'>
  readonly gaps: Gauge
  readonly publishSeconds: Histogram
  readonly deliverySeconds: Histogram

  constructor () {
    const registers = [this.registry]
    this.bundlesStored = new Counter({ name: 'intelmesh_bundles_stored_total', help: 'Bundles stored, by kind and source (published or received)', labelNames: ['kind', 'source'], registers })
    this.bundlesSent = new Counter({ name: 'intelmesh_bundles_sent_total', help: 'Envelopes sent to peers on fetch requests', registers })
    this.rejects = new Counter({ name: 'intelmesh_rejects_total', help: 'Envelopes and requests rejected, by error code', labelNames: ['code'], registers })
    this.penalties = new Counter({ name: 'intelmesh_peer_penalties_total', help: 'Peers disconnected for too many rejected messages', registers })
    this.peersConnected = new Gauge({ name: 'intelmesh_peers_connected', help: 'Directory members currently connected', registers })
    this.bundlesByState = new Gauge({ name: 'intelmesh_bundles', help: 'Bundles held, by state', labelNames: ['state'], registers })
    this.feedLag = new Gauge({ name: 'intelmesh_feed_lag_entries', help: 'Log entries a peer holds beyond our checkpoint, as last announced', labelNames: ['peer'], registers })
    this.gaps = new Gauge({ name: 'intelmesh_sequence_gaps', help: 'Per-recipient sequence numbers known to be missing', registers })
    this.publishSeconds = new Histogram({ name: 'intelmesh_publish_seconds', help: 'Time to seal and durably store a publication', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1], registers })
    this.deliverySeconds = new Histogram({ name: 'intelmesh_delivery_seconds', help: 'Bundle creation to durable storage here (clock skew included)', buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30], registers })
  }
}
