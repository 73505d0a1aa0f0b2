import { expect } from 'chai'
import { MemoryLevel } from 'memory-level'
import { CommitWindow } from '../../src/store/commit-window.js'
import { Store } from '../../src/store/store.js'
import { makeInput } from './fixtures.js'

const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/** A window on a clock the test moves. */
function windowAt (windowMs: number, closeAt = 2): { window: CommitWindow, clock: { t: number } } {
  const clock = { t: 0 }
  return { window: new CommitWindow({ windowMs, closeAt, now: () => clock.t }), clock }
}

describe('store - commit window', () => {
  it('stays shut for a new or idle store and opens under steady arrivals', () => {
    const { window, clock } = windowAt(2)
    expect(window.worthOpening).to.equal(false)
    for (let i = 0; i < 30; i++) { clock.t += 1; window.arrived(1) }
    expect(window.worthOpening).to.equal(true)
    // Arrivals every 10 ms: another write within 2 ms is unlikely, so no waiting.
    for (let i = 0; i < 30; i++) { clock.t += 10; window.arrived(1) }
    expect(window.worthOpening).to.equal(false)
  })

  it('counts a burst (writes of one fetch batch) as one arrival', () => {
    const { window, clock } = windowAt(2)
    for (let i = 0; i < 30; i++) { clock.t += 50; for (let j = 0; j < 10; j++) window.arrived(j + 1) }
    expect(window.worthOpening).to.equal(false)
  })

  it('never opens with a zero window', () => {
    const { window, clock } = windowAt(0)
    for (let i = 0; i < 30; i++) { clock.t += 0.2; window.arrived(1) }
    expect(window.worthOpening).to.equal(false)
  })

  it('waits until the window ends, or until enough writes are queued', async () => {
    const { window, clock } = windowAt(40)
    for (let i = 0; i < 30; i++) { clock.t += 1; window.arrived(1) }
    let started = performance.now()
    await window.wait(1)
    expect(performance.now() - started).to.be.at.least(35)
    started = performance.now()
    const waiting = window.wait(1)
    setTimeout(() => { clock.t += 1; window.arrived(2) }, 5)
    await waiting
    expect(performance.now() - started).to.be.lessThan(35)
    started = performance.now()
    await window.wait(2)
    expect(performance.now() - started).to.be.lessThan(5)
  })

  it('lets writes from two origins that come moments apart share one synced batch, and commits at once when idle', async () => {
    const store = new Store({ db: new MemoryLevel<string, string>() }, { commitWindowMs: 60 })
    await store.open()
    // Idle: the first write does not wait for company.
    let started = performance.now()
    await store.accept(makeInput('alone'))
    expect(performance.now() - started).to.be.lessThan(55)
    // Steady traffic: 20 writes one after another, a few ms apart.
    for (let i = 0; i < 20; i++) {
      await store.accept(makeInput(`steady${i}`))
      await sleep(2)
    }
    const before = store.commitCounts
    started = performance.now()
    const first = store.accept(makeInput('from-a'))
    await sleep(10)
    const second = store.accept(makeInput('from-b'))
    const results = await Promise.all([first, second])
    expect(results.map(r => r.duplicate)).to.deep.equal([false, false])
    expect(store.commitCounts).to.deep.equal({ batches: before.batches + 1, writes: before.writes + 2 })
    // The second write closed the window: nobody waited the full 60 ms.
    expect(performance.now() - started).to.be.lessThan(55)
    expect((await store.check()).ok).to.equal(true)
    await store.close()
  })
})
