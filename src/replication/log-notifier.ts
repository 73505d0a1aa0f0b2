/**
 * Wakes feed streams when the local log grows. One waiter per open feed, so
 * its size is bounded by the number of connected peers. A feed that is
 * collecting relayed ids (see FeedServer) waits only for this node's own
 * publications or its deadline: a wake per stored bundle per feed cost more
 * than the batching saved.
 */
export class LogNotifier {
  private head: number
  /** Last position of this node's own publications. */
  private ownHead = 0
  private readonly waiters = new Set<(grew: boolean, ownGrew: boolean) => void>()

  constructor (head = 0) {
    this.head = head
  }

  /** The local log grew to `pos`; `own` when it is this node's own publication. */
  notify (pos: number, own = false): void {
    const grew = pos > this.head
    const ownGrew = own && pos > this.ownHead
    if (grew) this.head = pos
    if (ownGrew) this.ownHead = pos
    if (!grew && !ownGrew) return
    for (const wake of [...this.waiters]) wake(grew, ownGrew)
  }

  /** Resolves once the log holds a position after `since` (at once if it already does), or when aborted. */
  async waitBeyond (since: number, signal: AbortSignal): Promise<void> {
    if (this.head > since || signal.aborted) return
    await this.wait(signal, grew => grew)
  }

  /**
   * Resolves once one of this node's own publications lies after `since`, at
   * `deadline` (ms since epoch), or when aborted, whichever comes first.
   */
  async waitForOwn (since: number, deadline: number, signal: AbortSignal): Promise<void> {
    const delay = deadline - Date.now()
    if (this.ownHead > since || delay <= 0 || signal.aborted) return
    await this.wait(signal, (_grew, ownGrew) => ownGrew, delay)
  }

  private async wait (signal: AbortSignal, wanted: (grew: boolean, ownGrew: boolean) => boolean, delay?: number): Promise<void> {
    await new Promise<void>(resolve => {
      const done = (): void => {
        clearTimeout(timer)
        this.waiters.delete(wake)
        signal.removeEventListener('abort', done)
        resolve()
      }
      const wake = (grew: boolean, ownGrew: boolean): void => { if (wanted(grew, ownGrew)) done() }
      const timer = delay == null ? undefined : setTimeout(done, delay)
      this.waiters.add(wake)
      signal.addEventListener('abort', done, { once: true })
    })
  }
}
