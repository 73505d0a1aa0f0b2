import { expect } from 'chai'
import { LogNotifier } from '../../src/replication/log-notifier.js'

/** Feeds sleep until the log grows past what they announced; nothing polls. */
describe('replication - log notifier', () => {
  it('resolves at once when the log is already beyond `since`', async () => {
    await new LogNotifier(5).waitBeyond(4, new AbortController().signal)
  })

  it('wakes every waiter when the log grows past `since`, not before', async () => {
    const notifier = new LogNotifier(3)
    const woken: number[] = []
    const a = notifier.waitBeyond(3, new AbortController().signal).then(() => woken.push(1))
    const b = notifier.waitBeyond(3, new AbortController().signal).then(() => woken.push(2))
    notifier.notify(3) // not beyond: the head did not move
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(woken).to.deep.equal([])
    notifier.notify(4)
    await Promise.all([a, b])
    expect(woken.sort()).to.deep.equal([1, 2])
  })

  it('ignores a position behind its head (out-of-order notifications)', async () => {
    const notifier = new LogNotifier(10)
    notifier.notify(7)
    let woke = false
    const waiting = notifier.waitBeyond(10, new AbortController().signal).then(() => { woke = true })
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(woke).to.equal(false)
    notifier.notify(11)
    await waiting
  })

  it('releases a waiter when its signal aborts, and forgets it', async () => {
    const notifier = new LogNotifier(0)
    const controller = new AbortController()
    const waiting = notifier.waitBeyond(0, controller.signal)
    controller.abort()
    await waiting
    await notifier.waitBeyond(0, controller.signal) // already aborted: returns at once
  })

  it('waitForOwn sleeps through received bundles and wakes for an own publication', async () => {
    const notifier = new LogNotifier(2)
    let woke = false
    const waiting = notifier.waitForOwn(2, Date.now() + 5_000, new AbortController().signal).then(() => { woke = true })
    notifier.notify(3)
    notifier.notify(4)
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(woke, 'received bundles do not wake it').to.equal(false)
    notifier.notify(5, true)
    await waiting
    // An own publication already after `since` returns at once.
    await notifier.waitForOwn(4, Date.now() + 5_000, new AbortController().signal)
  })

  it('waitForOwn returns at its deadline', async () => {
    const notifier = new LogNotifier(0)
    const started = Date.now()
    await notifier.waitForOwn(0, started + 40, new AbortController().signal)
    expect(Date.now() - started).to.be.within(30, 1_000)
  })
})
