import { GAP_REPORT_MAX, SEEN_SPARSE_MAX } from './constants.js'
import type { SeenState } from './types.js'

/** Nothing seen yet. */
export const SEEN_NONE: SeenState = Object.freeze({ watermark: 0, above: Object.freeze([]) as unknown as number[] })

/**
 * The state after seeing `seq` (pure; returns `state` itself when `seq` was
 * already seen). Seqs contiguous from 1 fold into the watermark; the rest
 * stay in a sorted sparse set of at most `sparseMax` entries. Past that, the
 * oldest gaps are given up (the watermark jumps), so a misbehaving origin
 * cannot grow the state without bound.
 */
export function markSeen (state: SeenState, seq: number, sparseMax = SEEN_SPARSE_MAX): SeenState {
  if (seq <= state.watermark) return state
  const above = [...state.above]
  let lo = 0
  let hi = above.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((above[mid] as number) < seq) lo = mid + 1
    else hi = mid
  }
  if (above[lo] === seq) return state
  above.splice(lo, 0, seq)
  let watermark = state.watermark
  while (above.length > sparseMax) watermark = above.shift() as number
  while (above[0] === watermark + 1) watermark = above.shift() as number
  return { watermark, above }
}

/** Missing seqs below the highest seen one (pure), at most `max` of them. */
export function missingSeqs (state: SeenState, max = GAP_REPORT_MAX): { missing: number[], truncated: boolean } {
  const missing: number[] = []
  let expected = state.watermark + 1
  for (const seq of state.above) {
    while (expected < seq) {
      if (missing.length === max) return { missing, truncated: true }
      missing.push(expected++)
    }
    expected = seq + 1
  }
  return { missing, truncated: false }
}
