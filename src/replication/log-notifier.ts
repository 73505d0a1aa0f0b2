/**
 * Wakes feed streams when the local log grows. One waiter per open feed, so
 * its size is bounded by the number of connected peers.
 */
export class LogNotifier {
  private head: number
  private readonly waiters = new Set<() => void>()

  constructor (head = 0) {
    this.head = head
  }

  /** The local log grew to `pos`. */
  notify (pos: number): void {
    if (pos <= this.head) return
    this.head = pos
    const waiting = [...this.waiters]
    this.waiters.clear()
    for (const wake of waiting) wake()
  }

  /** Resolves once the log holds a position after `since` (at once if it already does), or when aborted. */
  async waitBeyond (since: number, signal: AbortSignal): Promise<void> {
    if (this.head > since || signal.aborted) return
    await new Promise<void>(resolve => {
      const wake = (): void => {
        this.waiters.delete(wake)
        signal.removeEventListener('abort', wake)
        resolve()
      }
      this.waiters.add(wake)
      signal.addEventListener('abort', wake, { once: true })
    })
  }
}
