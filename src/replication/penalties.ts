import { PENALTY_COOLDOWN_MS, PENALTY_THRESHOLD, PENALTY_WINDOW_MS } from './constants.js'

/**
 * Counts rejected messages per peer in a sliding window. A peer over the
 * threshold is "penalised" for a cooldown: the node disconnects it and its
 * gater refuses it until the cooldown ends. Memory is bounded by the number
 * of directory members (only members can reach the pipeline at all).
 */
export class PeerPenalties {
  private readonly strikes = new Map<string, number[]>()
  private readonly until = new Map<string, number>()
  private readonly threshold: number
  private readonly windowMs: number
  private readonly cooldownMs: number

  constructor (init: { threshold?: number, windowMs?: number, cooldownMs?: number } = {}) {
    this.threshold = init.threshold ?? PENALTY_THRESHOLD
    this.windowMs = init.windowMs ?? PENALTY_WINDOW_MS
    this.cooldownMs = init.cooldownMs ?? PENALTY_COOLDOWN_MS
  }

  /** Records one strike against `peer` at `now`; true when this strike puts it in the penalty box. */
  strike (peer: string, now: number): boolean {
    const recent = (this.strikes.get(peer) ?? []).filter(t => t > now - this.windowMs)
    recent.push(now)
    if (recent.length > this.threshold) recent.splice(0, recent.length - this.threshold - 1)
    this.strikes.set(peer, recent)
    if (recent.length > this.threshold && !this.isPenalised(peer, now)) {
      this.until.set(peer, now + this.cooldownMs)
      this.strikes.delete(peer)
      return true
    }
    return false
  }

  /** True while `peer` serves a penalty. */
  isPenalised (peer: string, now: number): boolean {
    const end = this.until.get(peer)
    if (end == null) return false
    if (end <= now) {
      this.until.delete(peer)
      return false
    }
    return true
  }

  /** Strikes within the window, per peer. */
  counts (now: number): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [peer, times] of this.strikes) out[peer] = times.filter(t => t > now - this.windowMs).length
    return out
  }
}
