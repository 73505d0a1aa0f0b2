// The admin page of an intelmesh node: status, peers, the recent bundles'
// who-received-what matrix, the audit chain's verdict and live events. Plain
// DOM, no framework, no build step; every data call carries the API token
// kept in this tab's sessionStorage.

import { UnauthorizedError, forgetToken, getJson, storeToken, storedToken } from './api.js'
import { el, fill, formatDuration, formatTime, short } from './dom.js'
import { LiveEvents } from './live.js'
import { BundleMatrix, RECENT_BUNDLES } from './matrix.js'

/** How often status and peers are read again (connections and last-seen times change). */
const REFRESH_MS = 10_000
/** Live events kept on screen. */
const EVENTS_SHOWN = 50

const $ = id => document.getElementById(id)
const matrix = new BundleMatrix({ table: $('matrix'), empty: $('matrix-empty'), note: $('delivery-note') })
let live
let refreshTimer
let self = { memberKey: '' }
let statusTimer

/** Shows the token form, with an error line when there is one. */
function showLogin (message = '') {
  stopSession()
  $('dashboard').hidden = true
  $('forget').hidden = true
  $('login').hidden = false
  fill($('login-error'), message)
  fill($('node-title'))
  $('token-input').value = ''
  $('token-input').focus()
}

/** Stops the stream and timers and wipes what the last token showed. */
function stopSession () {
  live?.close()
  live = undefined
  clearInterval(refreshTimer)
  clearTimeout(statusTimer)
  for (const id of ['status', 'events', 'page-error']) fill($(id))
  fill($('peers').tBodies[0])
  fill($('audit'), 'not checked yet')
  $('audit').dataset.state = 'unknown'
  matrix.clear()
}

/** Runs a page action; a refused token sends the admin back to the form, anything else is shown. */
async function guarded (action) {
  try {
    await action()
  } catch (err) {
    if (err instanceof UnauthorizedError) {
      forgetToken()
      showLogin('The node refused this token (401). Paste the token from DATA/api-token.')
      return
    }
    console.warn('admin page:', err?.message ?? err)
    fill($('page-error'), `Error: ${err?.message ?? err}`)
  }
}

async function openDashboard () {
  const status = await getJson('/v1/status')
  $('login').hidden = true
  $('dashboard').hidden = false
  $('forget').hidden = false
  self = status
  renderStatus(status)
  await matrix.detectFeatures()
  // The first peers read sets the matrix's columns, which loads its rows.
  await refreshPeers()
  void guarded(verifyAudit)
  live = new LiveEvents({
    // Resume right after what the bundle list showed: nothing published meanwhile is missed.
    lastEventId: status.logHead,
    onMessage: message => { void guarded(() => onEvent(message)) },
    onState: state => { $('live-state').dataset.state = state; fill($('live-state'), `live events: ${state}`) },
    onUnauthorized: () => { void guarded(() => { throw new UnauthorizedError() }) }
  })
  live.start()
  refreshTimer = setInterval(() => { void guarded(refresh) }, REFRESH_MS)
}

async function refresh () {
  self = await getJson('/v1/status')
  renderStatus(self)
  fill($('page-error'))
  await refreshPeers()
}

function renderStatus (s) {
  fill($('node-title'), `${s.name} · ${s.jurisdiction}`)
  const facts = [
    ['Member key', el('code', {}, s.memberKey)],
    ['Roles', s.roles.join(', ')],
    ['Version', s.version],
    ['Up for', formatDuration(s.uptimeMs)],
    ['Listening on', s.listen.length === 0 ? '—' : s.listen.map(a => el('div', {}, el('code', {}, a)))],
    ['Peers', `${s.peers.connected} connected · ${s.peers.active} active · ${s.peers.directory} in directory`],
    ['Bundles', `${s.bundles.stored} stored · ${s.bundles.retracted} retracted · ${s.bundles.tombstones} tombstones`],
    ['Sequence gaps', s.gaps.length === 0 ? 'none' : s.gaps.map(g => `${short(g.origin)}: ${g.missing.length} missing`).join('; ')],
    ['Rejected messages', Object.keys(s.rejects).length === 0 ? 'none' : Object.entries(s.rejects).map(([code, n]) => `${code} ${n}`).join(', ')]
  ]
  fill($('status'), facts.map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]))
}

async function refreshPeers () {
  const { peers } = await getJson('/v1/peers')
  const now = Date.now()
  peers.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
  fill($('peers').tBodies[0], peers.map(p => el('tr', { 'data-key': p.key, class: p.self ? 'self' : null },
    el('td', { class: 'name' }, p.name, p.self ? el('span', { class: 'badge' }, 'this node') : null),
    el('td', {}, el('code', { title: p.key }, short(p.key))),
    el('td', {}, p.jurisdiction),
    el('td', {}, p.roles.join(', ')),
    el('td', {}, (p.groups ?? []).join(', ') || '—'),
    el('td', { 'data-field': 'status' }, el('span', { class: `badge ${p.status}` }, p.status)),
    el('td', { 'data-field': 'connection' }, p.self ? '—' : el('span', { class: `badge ${p.connected ? 'connected' : 'disconnected'}` }, p.connected ? 'connected' : 'disconnected')),
    el('td', { 'data-field': 'last-seen' }, lastSeen(p, now)))))
  if (matrix.setMembers(peers, self.memberKey)) await loadBundles(self.logHead)
}

function lastSeen (peer, now) {
  if (peer.self) return '—'
  if (peer.connected && peer.connectedSince != null) return `now (connected since ${formatTime(peer.connectedSince)})`
  if (peer.connected) return 'now'
  if (peer.lastSeen == null) return 'not since this node started'
  return `${formatTime(peer.lastSeen)} (${formatDuration(now - peer.lastSeen)} ago)`
}

/** The newest bundles: the log positions just below the head (purged ones leave holes, so fewer may come). */
async function loadBundles (logHead) {
  if (matrix.members.length === 0) return
  const after = Math.max(0, (logHead ?? 0) - RECENT_BUNDLES)
  const page = await getJson(`/v1/bundles?after=${after}&limit=${RECENT_BUNDLES}`)
  await matrix.show(page.items.reverse(), { replace: true })
}

async function verifyAudit () {
  const audit = $('audit')
  audit.dataset.state = 'checking'
  fill(audit, 'verifying the hash chain…')
  const { verify } = await getJson('/v1/audit?verify=true&limit=1')
  audit.dataset.state = verify.ok ? 'verified' : 'broken'
  fill(audit, verify.ok
    ? `verified: ${verify.checked} records, hash chain intact (${formatTime(Date.now())})`
    : `BROKEN at record ${verify.brokenAt ?? '?'}: ${verify.reason ?? 'unknown reason'} (${verify.checked} records checked)`)
}

async function onEvent (message) {
  const data = JSON.parse(message.data)
  const list = $('events')
  const when = formatTime(Date.now()).slice(11)
  if (message.event === 'bundle') {
    list.prepend(el('li', { 'data-event': 'bundle', 'data-id': data.id },
      el('time', {}, when), el('span', { class: 'badge' }, data.kind === 'RETRACTION' ? 'retraction' : 'bundle'),
      el('code', { title: data.id }, short(data.id, 8, 4)), ` from ${data.originName ?? short(data.origin)} · TLP:${data.tlp}`))
    await matrix.show([data])
    // The counts in the node panel changed; one read covers a burst of arrivals.
    clearTimeout(statusTimer)
    statusTimer = setTimeout(() => { void guarded(async () => { self = await getJson('/v1/status'); renderStatus(self) }) }, 500)
  } else if (message.event === 'retracted') {
    list.prepend(el('li', { 'data-event': 'retracted', 'data-id': data.id }, el('time', {}, when), el('span', { class: 'badge retracted' }, 'retracted'), el('code', { title: data.id }, short(data.id, 8, 4))))
    matrix.markRetracted(data.id)
  }
  while (list.children.length > EVENTS_SHOWN) list.lastElementChild.remove()
}

$('token-form').addEventListener('submit', event => {
  event.preventDefault()
  const token = $('token-input').value.trim()
  if (token === '') return
  storeToken(token)
  void guarded(openDashboard)
})
$('forget').addEventListener('click', () => {
  forgetToken()
  showLogin('Token forgotten.')
})
$('reverify').addEventListener('click', () => { void guarded(verifyAudit) })

if (storedToken() == null) showLogin()
else void guarded(openDashboard)
