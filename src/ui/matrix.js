// The who-received-what matrix: one row per recent bundle, one column per
// directory member. A cell says origin, recipient (with the delivery receipt
// when the node offers receipts and is the origin) or left out, with the
// policy's reason for every member.

import { ApiError, getJson } from './api.js'
import { el, fill, formatTime, short } from './dom.js'

/** Rows kept in the matrix. */
export const RECENT_BUNDLES = 20

/** Optional routes of newer nodes: used when present, "n/a" when not. */
const DELIVERIES_PATH = '/v1/bundles/{id}/deliveries'
const SIGHTINGS_PATH = '/v1/bundles/{id}/sightings'

/** The matrix of one page: columns are set from the directory, rows added per bundle. */
export class BundleMatrix {
  constructor ({ table, empty, note }) {
    Object.assign(this, { table, empty, note })
    this.members = []
    this.self = ''
    this.rows = new Map()
    this.features = { deliveries: false, sightings: false }
  }

  /** Empties the matrix (the next `setMembers` rebuilds it). */
  clear () {
    this.table.tHead.replaceChildren()
    this.table.tBodies[0].replaceChildren()
    this.rows.clear()
    this.members = []
    this.signature = undefined
    this.empty.hidden = false
  }

  /** Which optional routes this node has, from its OpenAPI document. */
  async detectFeatures () {
    const doc = await getJson('/openapi.json')
    const paths = doc?.paths ?? {}
    this.features = { deliveries: DELIVERIES_PATH in paths, sightings: SIGHTINGS_PATH in paths }
    fill(this.note, this.features.deliveries ? '' : 'delivery status: n/a (this node has no delivery receipts)')
  }

  /** Sets the columns (this node first); rebuilds the header, and the rows if the members changed. */
  setMembers (peers, selfKey) {
    const members = [...peers].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
    const signature = members.map(m => `${m.key}\u0000${m.name}`).join('\u0001')
    this.self = selfKey
    if (signature === this.signature) return false
    this.signature = signature
    this.members = members
    fill(this.table.tHead, el('tr', {},
      el('th', { scope: 'col' }, 'Bundle'),
      el('th', { scope: 'col' }, 'Sightings'),
      members.map(m => el('th', { scope: 'col', title: m.key, 'data-member': m.key }, m.name, m.self ? ' (this node)' : ''))))
    return true
  }

  /** Loads and shows bundles (newest first); `replace` empties the matrix first. */
  async show (bundles, { replace = false } = {}) {
    const rows = await Promise.all(bundles.map(async bundle => this.row(bundle)))
    const body = this.table.tBodies[0]
    if (replace) { body.replaceChildren(); this.rows.clear() }
    for (const [i, bundle] of bundles.entries()) {
      this.rows.get(bundle.id)?.remove()
      this.rows.set(bundle.id, rows[i])
    }
    const ordered = [...this.rows.entries()].sort((a, b) => b[1].pos - a[1].pos).slice(0, RECENT_BUNDLES)
    for (const [id, tr] of this.rows) if (!ordered.some(([kept]) => kept === id)) { tr.remove(); this.rows.delete(id) }
    body.append(...ordered.map(([, tr]) => tr))
    this.empty.hidden = this.rows.size > 0
  }

  /** Marks a retracted bundle's row. */
  markRetracted (id) {
    const tr = this.rows.get(id)
    if (tr == null) return
    tr.classList.add('retracted')
    tr.querySelector('.bundle-meta')?.append(el('span', { class: 'badge retracted' }, 'retracted'))
  }

  async row (bundle) {
    const [explained, deliveries, sightings] = await Promise.all([
      getJson(`/v1/bundles/${bundle.id}/explain`),
      this.features.deliveries && bundle.origin === this.self ? optional(`/v1/bundles/${bundle.id}/deliveries`) : undefined,
      this.features.sightings ? optional(`/v1/bundles/${bundle.id}/sightings`) : undefined
    ])
    const byKey = new Map(explained.members.map(m => [m.key, m]))
    const delivered = new Map((deliveries?.recipients ?? []).map(r => [r.key, r]))
    const tr = el('tr', { 'data-bundle': bundle.id }, headerCell(bundle), sightingsCell(sightings),
      this.members.map(m => memberCell(bundle, m, byKey.get(m.key), deliveries === undefined ? undefined : delivered.get(m.key))))
    tr.pos = bundle.pos
    return tr
  }
}

/** GET a route that older nodes lack (404) or that only the origin may read (403): undefined then. */
async function optional (path) {
  try {
    return await getJson(path)
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return undefined
    throw err
  }
}

function headerCell (bundle) {
  const types = (bundle.types ?? []).filter(t => t !== 'marking-definition' && t !== 'identity')
  return el('th', { scope: 'row', class: 'bundle' },
    el('div', { class: 'bundle-meta' },
      el('span', { class: `badge tlp tlp-${bundle.tlp.toLowerCase().replace('+', '-')}` }, `TLP:${bundle.tlp}`),
      bundle.kind === 'RETRACTION' ? el('span', { class: 'badge retraction' }, 'retraction') : null,
      el('code', { title: bundle.id }, short(bundle.id, 8, 4))),
    el('div', { class: 'bundle-sub' }, `${formatTime(bundle.created)} · from ${bundle.originName ?? short(bundle.origin)}`),
    types.length > 0 ? el('div', { class: 'bundle-sub' }, types.slice(0, 4).join(', '), types.length > 4 ? ` +${types.length - 4}` : '') : null)
}

function sightingsCell (sightings) {
  if (sightings === undefined) return el('td', { class: 'na', title: 'this node reports no sightings' }, 'n/a')
  const total = sightings.sightings.reduce((sum, s) => sum + s.count, 0)
  const detail = sightings.sightings.map(s => `${s.fromName ?? s.from}: ${s.count} × ${s.indicator}`).join('\n')
  return el('td', { class: 'sightings', title: detail || 'no sightings reported' }, String(total))
}

function memberCell (bundle, member, explanation, receipt) {
  const attrs = { 'data-member': member.key }
  if (member.key === bundle.origin) return el('td', { ...attrs, class: 'cell origin', 'data-state': 'origin' }, 'origin')
  if (explanation == null) return el('td', { ...attrs, class: 'cell', 'data-state': 'unknown' }, '—')
  if (!explanation.listed) {
    return el('td', { ...attrs, class: 'cell left-out', 'data-state': 'left-out', title: explanation.reason },
      el('details', {}, el('summary', {}, 'left out'), el('span', { class: 'reason' }, explanation.reason)))
  }
  const delivery = receipt === undefined
    ? null
    : receipt.status === 'delivered'
      ? el('span', { class: 'delivery delivered', 'data-delivery': 'delivered' }, `delivered ${receipt.deliveredAt == null ? '' : formatTime(receipt.deliveredAt).slice(11)}`)
      : el('span', { class: 'delivery pending', 'data-delivery': 'pending' }, 'pending')
  const stale = explanation.ok ? null : el('details', {}, el('summary', {}, 'no longer eligible'), el('span', { class: 'reason' }, explanation.reason))
  return el('td', { ...attrs, class: 'cell recipient', 'data-state': 'recipient', title: explanation.reason }, 'recipient', delivery, stale)
}
