// Crash-test child: ingests into the LevelDB at argv[2] until it is killed,
// printing one line per write only after the write's promise resolved.
// Lines: "READY", "A <id>" (accepted), "R <id> <ref>" (retraction accepted).
import { randomBytes } from 'node:crypto'
import { Store } from '../src/store/store.js'
import { CRASH_ORIGIN, crashInput, PURGE_NOW } from './crash-fixture.js'

const WORKERS = 4
const dir = process.argv[2]
if (dir === undefined) throw new Error('usage: crash-store-child.ts <folder>')

const store = await Store.open(dir)
const acked: string[] = []
// Pipes are synchronous on Linux: a line written here reaches the parent even if SIGKILL follows.
const say = (line: string): void => { process.stdout.write(line + '\n') }
say('READY')

async function worker (): Promise<void> {
  for (let n = 0; ; n++) {
    const roll = Math.random()
    const id = randomBytes(32).toString('hex')
    if (roll < 0.1 && acked.length > 0) {
      const ref = acked[Math.floor(Math.random() * acked.length)] as string
      await store.accept(crashInput(id, ref))
      say(`R ${id} ${ref}`)
    } else if (roll < 0.13) {
      await store.purgeExpired(PURGE_NOW)
    } else if (roll < 0.16) {
      await store.setCheckpoint(CRASH_ORIGIN, 'crash', n)
      await store.audit.append({ type: 'send', at: Date.now(), peer: CRASH_ORIGIN })
    } else {
      await store.accept(crashInput(id))
      acked.push(id)
      say(`A ${id}`)
    }
  }
}

await Promise.all(Array.from({ length: WORKERS }, worker))
