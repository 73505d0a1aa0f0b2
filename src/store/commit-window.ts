/** Settings of a commit window. */
export interface CommitWindowInit {
  /** Longest a write that found the queue idle waits for company, in ms; 0 never waits. */
  windowMs: number
  /** The window closes early once this many writes are queued. */
  closeAt: number
  /** Clock in ms (default performance.now). */
  now?: () => number
}

// Arrivals closer than this are one burst (a fetch batch stored with
// Promise.all): they join the same group anyway and say nothing about the rate.
const SAME_BURST_MS = 0.1
// Weight of the newest gap in the running mean of gaps between arrivals.
const GAP_WEIGHT = 0.2
// A gap longer than this counts as this long: one quiet minute must not take minutes of traffic to forget.
const GAP_CAP_MS = 1000

/**
 * When a write finds the write queue idle, whether to hold its batch open a
 * moment so that writes from other origins share its fsync and the wakes
 * around it (LevelDB's worker, the main thread hearing back). Holding costs
 * a timer wake and `windowMs` of latency, and only pays when another write
 * is more likely than not to come within the window: the window opens only
 * while the running mean gap between arrivals is under windowMs / ln 2 (for
 * arrivals at random, P(another within w) = 1 − e^(−w/gap) > ½). So an idle
 * or lightly loaded store commits at once, as without a window.
 */
export class CommitWindow {
  private readonly windowMs: number
  private readonly closeAt: number
  private readonly now: () => number
  private lastArrival = -Infinity
  private meanGapMs = GAP_CAP_MS
  private timer: NodeJS.Timeout | undefined
  private release: (() => void) | undefined

  constructor (init: CommitWindowInit) {
    this.windowMs = init.windowMs
    this.closeAt = init.closeAt
    this.now = init.now ?? (() => performance.now())
  }

  /** Notes a write's arrival; `queued` writes are now waiting. Closes an open window that is full. */
  arrived (queued: number): void {
    const at = this.now()
    const gap = at - this.lastArrival
    if (gap >= SAME_BURST_MS) {
      this.meanGapMs += GAP_WEIGHT * (Math.min(gap, GAP_CAP_MS) - this.meanGapMs)
      this.lastArrival = at
    }
    if (queued >= this.closeAt) this.close()
  }

  /** True while arrivals come often enough for a window to pay. */
  get worthOpening (): boolean {
    return this.windowMs > 0 && this.meanGapMs * Math.LN2 < this.windowMs
  }

  /** Resolves after the window (at once when it is not worth opening or `queued` already fills it). */
  async wait (queued: number): Promise<void> {
    if (!this.worthOpening || queued >= this.closeAt) return
    await new Promise<void>((resolve) => {
      this.release = resolve
      this.timer = setTimeout(() => { this.close() }, this.windowMs)
    })
  }

  /** Ends an open window now (also used when the store closes). */
  close (): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    const release = this.release
    this.release = undefined
    release?.()
  }
}
