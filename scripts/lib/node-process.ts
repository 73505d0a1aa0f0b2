// One intelmesh node in its own OS process, driven by its parent over the IPC
// channel (see node-handle.ts). The parent may SIGKILL it at any moment and
// start a new process on the same data folder and port: that is the point.
import { NodeCommands } from './node-commands.js'

interface Request { rpc: number, cmd: string, args: Record<string, unknown> }

const commands = new NodeCommands()

process.on('message', (message: Request) => {
  commands.run(message.cmd, message.args).then(
    result => { process.send?.({ rpc: message.rpc, ok: true, result }) },
    (err: Error) => { process.send?.({ rpc: message.rpc, ok: false, error: err.stack ?? err.message }) }
  )
})
process.on('disconnect', () => { process.exit(0) })
