import { expect } from 'chai'
import { deliveryFloor } from '../../scripts/lib/bench-floor.js'

describe('bench: the floor of a delivery', () => {
  const parts = { receiveMs: 0.4, publishMs: 0.4, recipients: 4, transportMs: 0.05, receiptMs: 0.08, cores: 2, pipelinePerS: 3000 }

  it('adds the receive, a recipient’s share of the publication, the transport and the receipt', () => {
    const floor = deliveryFloor(parts)
    expect(floor.publish_share_ms).to.equal(0.1)
    expect(floor.total_ms).to.equal(0.63)
  })

  it('bounds the deliveries per second of every core and the ratio the benchmark reports', () => {
    const floor = deliveryFloor(parts)
    // 2 cores ÷ 0.63 ms = 3,175 deliveries/s; ÷ (3,000/s × 2 cores) = 0.529
    expect(floor.delivered_per_s_at_floor).to.equal(3175)
    expect(floor.ratio_at_floor).to.equal(0.529)
    expect(deliveryFloor({ ...parts, pipelinePerS: 6000 }).ratio_at_floor).to.equal(0.265)
  })
})
