import { expect } from 'chai'
import { StatusStore } from '../../src/taxii/status-store.js'
import type { TaxiiStatus } from '../../src/taxii/status-store.js'

function status (id: string): TaxiiStatus {
  return { id, status: 'complete', request_timestamp: '2024-01-01T00:00:00.000Z', total_count: 0, success_count: 0, successes: [], failure_count: 0, failures: [], pending_count: 0, pendings: [] }
}

describe('taxii - status-store', () => {
  it('keeps at most `capacity` statuses, forgetting the least recently used', () => {
    const store = new StatusStore({ capacity: 2 })
    store.put(status('a'))
    store.put(status('b'))
    expect(store.get('a')?.id).to.equal('a') // a is now the most recently used
    store.put(status('c'))
    expect(store.get('b')).to.equal(undefined)
    expect(store.get('a')?.id).to.equal('a')
    expect(store.get('c')?.id).to.equal('c')
  })
})
