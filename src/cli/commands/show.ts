import { flag, parse, positional } from '../args.js'
import { ApiClient } from '../client.js'
import { COMMON_USAGE } from '../command.js'
import { ApiRequestError } from '../errors.js'
import { printJson } from '../io.js'
import { fields, table, time } from '../table.js'
import type { Command } from '../command.js'
import type { BundleWithContent, DeliveryStatus, Explanation, SightingsView } from '../../node/types.js'

const USAGE = `usage: intelmesh show ID [--stix] [--explain]

Shows a stored bundle: its metadata and objects, the sightings reported for it and, on its origin,
which recipients have acknowledged it (delivered, with time) and which are pending; --stix prints only the decrypted STIX bundle,
--explain adds, for every directory member, whether it would receive the bundle and why.
${COMMON_USAGE}`

/** `intelmesh show`. */
export const showCommand: Command = {
  name: 'show',
  usage: USAGE,
  async run (args, io) {
    const parsed = parse(args, { stix: { type: 'boolean' }, explain: { type: 'boolean' } }, { min: 1, max: 1 })
    if (parsed.help) { io.out(USAGE); return 0 }
    const id = positional(parsed, 0)
    const client = await ApiClient.fromDataDir(parsed.dataDir)
    const bundle = await client.get<BundleWithContent>(`/v1/bundles/${encodeURIComponent(id)}`)
    const explained = flag(parsed, 'explain')
      ? (await client.get<{ members: Explanation[] }>(`/v1/bundles/${encodeURIComponent(id)}/explain`)).members
      : undefined
    const sightings = bundle.kind === 'INTEL' ? (await client.get<SightingsView>(`/v1/bundles/${encodeURIComponent(id)}/sightings`)).sightings : []
    const deliveries = await originDeliveries(client, id)
    if (flag(parsed, 'stix')) {
      printJson(io, bundle.stix ?? null)
      return 0
    }
    if (parsed.json) {
      printJson(io, { ...bundle, sightings, ...(deliveries == null ? {} : { deliveries: deliveries.recipients }), ...(explained == null ? {} : { explain: explained }) })
      return 0
    }
    const p = bundle.policy
    const out = [fields([
      ['id', bundle.id],
      ['kind', bundle.ref == null ? bundle.kind : `${bundle.kind} of ${bundle.ref}`],
      ['origin', `${bundle.originName ?? ''} ${bundle.origin}`.trim()],
      ['created', time(bundle.created)],
      ['received', `${time(bundle.receivedAt)} from ${bundle.from}`],
      ['expires', time(bundle.expires)],
      ['policy', `TLP:${p.tlp} allow=[${p.allow.join(',')}] deny=[${p.deny.join(',')}] groups=[${p.groups.join(',')}] members=${p.members.length} authorities=${String(p.authorities)} personalData=${String(p.personalData)}`],
      ['recipients', String(bundle.recipients.length)],
      ['size', `${bundle.size} bytes`]
    ])]
    if (bundle.retraction != null) out.push('', `retraction reason: ${bundle.retraction.reason || '(none given)'}`)
    if (bundle.objects.length > 0) out.push('', table(['TYPE', 'ID', 'MODIFIED'], bundle.objects.map(o => [o.type, o.id, o.modified ?? '-'])))
    if (deliveries != null && deliveries.recipients.length > 0) {
      const delivered = deliveries.recipients.filter(r => r.status === 'delivered').length
      out.push('', `deliveries: ${delivered} of ${deliveries.recipients.length} acknowledged`,
        table(['RECIPIENT', 'KEY', 'STATUS', 'DELIVERED AT'], deliveries.recipients.map(r => [r.name, r.key, r.status, r.deliveredAt == null ? '-' : time(r.deliveredAt)])))
    }
    if (sightings.length > 0) {
      out.push('', `sightings: ${sightings.length}`,
        table(['FROM', 'INDICATOR', 'COUNT', 'FIRST SEEN', 'LAST SEEN', 'RECEIVED'], sightings.map(s => [s.fromName, s.indicator, String(s.count), s.firstSeen ?? '-', s.lastSeen ?? '-', time(s.receivedAt)])))
    }
    if (explained != null) {
      out.push('', table(['MEMBER', 'JURISDICTION', 'LISTED', 'ELIGIBLE', 'REASON'],
        explained.map(e => [e.name, e.jurisdiction, e.listed ? 'yes' : 'no', e.ok ? 'yes' : 'no', e.reason])))
    }
    io.out(out.join('\n'))
    return 0
  }
}

/** The delivery status of a bundle we published; undefined on any other node (NOT_ORIGIN). */
async function originDeliveries (client: ApiClient, id: string): Promise<DeliveryStatus | undefined> {
  try {
    return await client.get<DeliveryStatus>(`/v1/bundles/${encodeURIComponent(id)}/deliveries`)
  } catch (err) {
    if (err instanceof ApiRequestError && err.code === 'NOT_ORIGIN') return undefined
    throw err
  }
}
