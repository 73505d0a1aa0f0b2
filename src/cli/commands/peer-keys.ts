import { readFile } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { printJson } from '../io.js'
import { table, time } from '../table.js'
import type { ApiClient } from '../client.js'
import type { Parsed } from '../args.js'
import type { CliIo } from '../io.js'
import type { RotationView } from '../../keys/key-lifecycle.js'
import type { PeerView } from '../../node/types.js'

/** The key lifecycle actions of `intelmesh peers` (docs/key-lifecycle.md). */
export const PEER_KEY_ACTIONS = ['rotations', 'accept-rotation', 'reject-rotation', 'submit-rotation', 'compromise']

/** Usage lines of the key lifecycle actions. */
export const PEER_KEY_USAGE = `       intelmesh peers rotations
       intelmesh peers accept-rotation OLD_KEY
       intelmesh peers reject-rotation OLD_KEY
       intelmesh peers submit-rotation STATEMENT_FILE
       intelmesh peers compromise KEY`

/** Runs one key lifecycle action of `intelmesh peers`. */
export async function runPeerKeyAction (action: string, arg: string, parsed: Parsed, client: ApiClient, io: CliIo): Promise<number> {
  switch (action) {
    case 'rotations': {
      const { rotations } = await client.get<{ rotations: RotationView[] }>('/v1/peers/rotations')
      if (parsed.json) printJson(io, rotations)
      else {
        io.out(table(['OLD KEY', 'NAME', 'NEW KEY', 'ISSUED', 'STATUS', 'FROM', 'REASON'],
          rotations.map(r => [r.oldKey, r.name ?? '-', r.newKey, time(r.issued), r.decidedBy == null ? r.status : `${r.status} (${r.decidedBy})`, r.from, r.reason || '-'])))
      }
      return 0
    }
    case 'accept-rotation':
    case 'reject-rotation': {
      const verb = action === 'accept-rotation' ? 'accept' : 'reject'
      const rotation = await client.post<RotationView>(`/v1/peers/rotations/${encodeURIComponent(arg)}/${verb}`, {})
      if (parsed.json) printJson(io, rotation)
      else io.out(`${verb}ed rotation of ${rotation.oldKey} -> ${rotation.newKey}`)
      return 0
    }
    case 'submit-rotation': {
      let statement: unknown
      try {
        statement = JSON.parse(await readFile(arg, 'utf8'))
      } catch (err) {
        throw new UsageError(`${arg} is not a readable JSON rotation statement: ${(err as Error).message}`)
      }
      const rotation = await client.post<RotationView>('/v1/peers/rotations', statement)
      if (parsed.json) printJson(io, rotation)
      else io.out(`rotation of ${rotation.oldKey} -> ${rotation.newKey} is ${rotation.status}`)
      return 0
    }
    case 'compromise': {
      const peer = await client.post<PeerView>(`/v1/peers/${encodeURIComponent(arg)}/compromise`, {})
      if (parsed.json) printJson(io, peer)
      else io.out(`marked ${peer.name} (${peer.key}) compromised; its connections are closed (intelmesh audit --exposure ${peer.key})`)
      return 0
    }
    default:
      throw new UsageError(`unknown peers action "${action}"`)
  }
}
