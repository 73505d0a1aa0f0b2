// Baseline: a bare libp2p node (the stack intelmesh uses: TCP + Noise +
// Yamux, nothing else) in its own process. One side listens and counts
// length-prefixed messages; the other dials and writes them one after the
// other, one frame per write, as the fetch server writes envelopes. Each
// side also reports the CPU its process spent on the measured messages: the
// transport's share of a delivery's cost (bench-floor.ts).
import { noise } from '@libp2p/noise'
import { tcp } from '@libp2p/tcp'
import { lpStream } from '@libp2p/utils'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { STREAM_READ_BUFFER_BYTES, STREAM_WINDOW_BYTES } from '../../src/network/constants.js'
import { nowMs, serve } from './bench-rpc.js'
import { cpuMsSince } from './machine-cpu.js'
import type { Libp2p } from '@libp2p/interface'

const PROTOCOL = '/intelmesh-bench/oneway/1.0.0'
const MAX_MESSAGE_BYTES = 64 * 1024

let node: Libp2p | undefined
let received = 0
let firstAt = 0
let lastAt = 0
let bytes = 0
let target = Infinity
let done: (() => void) | undefined
/** Receiver CPU (process.cpuUsage) when the current `expect` began, and ms of it used when its last message arrived. */
let cpuFrom = process.cpuUsage()
let cpuMsAtLast: number | undefined

async function start (): Promise<Libp2p> {
  node ??= await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    // the same window and buffer settings as intelmesh's own node
    streamMuxers: [yamux({ streamOptions: { maxStreamWindowSize: STREAM_WINDOW_BYTES, maxReadBufferLength: STREAM_READ_BUFFER_BYTES } })]
  })
  return node
}

serve({
  listen: async () => {
    const libp2p = await start()
    await libp2p.handle(PROTOCOL, async (stream) => {
      const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE_BYTES })
      for (;;) {
        const message = await lp.read().catch(() => undefined)
        if (message == null) return
        if (received === 0) firstAt = nowMs()
        received++
        bytes += message.byteLength
        lastAt = nowMs()
        if (received >= target) {
          cpuMsAtLast = cpuMsSince(cpuFrom)
          done?.()
        }
      }
    })
    return { address: libp2p.getMultiaddrs()[0]!.toString() }
  },
  /** Resolves once `count` messages arrived in all (set before the sender starts); `cpuMs`: this process's CPU since the call. */
  expect: async (args: { count: number }) => {
    target = args.count
    cpuFrom = process.cpuUsage()
    cpuMsAtLast = undefined
    if (received < target) await new Promise<void>(resolve => { done = resolve })
    return { received, bytes, firstAt, lastAt, cpuMs: cpuMsAtLast ?? cpuMsSince(cpuFrom) }
  },
  send: async (args: { address: string, count: number, size: number }) => {
    const libp2p = await start()
    const stream = await libp2p.dialProtocol(multiaddr(args.address), PROTOCOL)
    const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE_BYTES })
    const message = new Uint8Array(args.size).fill(7)
    const startedAt = nowMs()
    const cpu = process.cpuUsage()
    for (let i = 0; i < args.count; i++) await lp.write(message)
    const writtenAt = nowMs()
    await stream.close()
    return { startedAt, writtenAt, cpuMs: cpuMsSince(cpu) }
  },
  exit: async () => {
    await node?.stop()
    setImmediate(() => process.exit(0))
    return {}
  }
})
