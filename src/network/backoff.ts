/** Resolved backoff settings (all present). */
export interface Backoff {
  /** First delay (ms). */
  initialDelayMs: number
  /** Ceiling (ms). */
  maxDelayMs: number
  /** Growth per failed attempt. */
  factor: number
}

/**
 * Delay before reconnect attempt number `attempt` (0 = first retry):
 * `min(max, initial · factor^attempt)`, jittered into [½, 1] of that value so
 * that members who lost each other at the same moment do not redial in lockstep.
 * `random` is a number in [0, 1), passed in to keep the function pure.
 */
export function backoffDelay (attempt: number, backoff: Backoff, random: number): number {
  const exponent = Math.max(0, attempt)
  const ceiling = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * Math.pow(backoff.factor, exponent))
  return Math.round(ceiling / 2 + (ceiling / 2) * random)
}

/**
 * The attempt number to use after a member's connection closed: the count
 * restarts at 0 only if the connection stayed up for `stableAfterMs`. A peer
 * that no longer lists us accepts each dial and then drops us; counting those
 * short-lived connections as successes would redial it at the shortest delay forever.
 */
export function attemptAfterDisconnect (attempt: number, connectedAt: number | undefined, now: number, stableAfterMs: number): number {
  if (connectedAt != null && now - connectedAt >= stableAfterMs) {
    return 0
  }
  return attempt
}
